import type { AlertKind, AlertSeverity, Stop } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';

/** The stop fields problems are built from. */
export type ProblemStop = Pick<
  Stop,
  'id' | 'kind' | 'orderRef' | 'address' | 'courierId' | 'hubId' | 'eta' | 'windowEnd' | 'status'
>;

/** What the console knows besides the alerts, passed in so grouping stays pure. */
export interface ProblemContext {
  now: number;
  stop: (id: number) => ProblemStop | undefined;
  /** The courier's stops still to be visited. */
  openStopsOf: (courierId: number) => readonly ProblemStop[];
  courierName: (id: number) => string;
  hubName: (id: number) => string;
  courierHub: (courierId: number) => number | null;
  /** The reader's language: headlines are written in it. */
  t: Translate;
}

/** What a problem is mainly about; the headline follows it. */
export type ProblemKind =
  'offline' | 'stalled' | 'stuck_at_stop' | 'late' | 'failed_attempt' | 'late_risk' | 'hub_sla';

/** Whether an order is past its window, or predicted to be. */
export type Lateness = 'late' | 'at_risk';

/** One order in a problem: a stop, or a pickup and its delivery (same order reference). */
export interface ProblemOrder {
  key: string;
  /** The shop's order reference, or the address when there is none. */
  label: string;
  stops: readonly ProblemStop[];
  lateness: Lateness | null;
  /**
   * Whole minutes past the window (late) or predicted past it (at risk); 0 when on time. At
   * risk it is 0 or less for a stop predicted before its window ends, inside the hub's safety
   * margin (−6: expected 6 min before the end).
   */
  minutesLate: number;
  /** The tier's promise is broken: shown as a badge on the late order. */
  slaBreach: boolean;
  stuck: boolean;
  failedAttempt: boolean;
  alertIds: readonly number[];
}

/** Alerts about one courier, one unassigned order or one hub, read as one problem. */
export interface Problem {
  /** Stable across updates: `courier:7`, `order:ABC-12`, `hub:1`. */
  key: string;
  kind: ProblemKind;
  /** Every kind among its alerts (filters match any of them). */
  kinds: ReadonlySet<AlertKind>;
  severity: AlertSeverity;
  headline: string;
  alertIds: readonly number[];
  /** Its alerts nobody has acknowledged yet. */
  unacknowledgedIds: readonly number[];
  hubId: number | null;
  courierId: number | null;
  orders: readonly ProblemOrder[];
  stopIds: ReadonlySet<number>;
  worstMinutesLate: number;
  /** When its oldest alert opened, epoch ms. */
  openedAt: number;
  escalated: boolean;
}

import {
  ALERT_KINDS,
  type AlertKind,
  type AlertSeverity,
  type SlaTier,
  type StopStatus,
  type Vehicle,
} from '@dispatch/shared';
import type { ShiftWindow } from '../fleet/shift-window';

/** A position in degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** A GPS fix as motion classification reads it; `t` is device time, epoch ms. */
export interface MotionFix {
  t: number;
  lat: number;
  lng: number;
  /** Reported accuracy radius; null when the device did not say. */
  accuracyMeters: number | null;
}

/** An open stop on a courier's route, as the detectors need it. Times are epoch ms. */
export interface DetectStop {
  id: number;
  status: StopStatus;
  lat: number;
  lng: number;
  /** End of the promised window. */
  windowEnd: number;
  /** Start of the promised window, when known: the late-risk margin never ends it before this. */
  windowStart?: number | undefined;
  serviceSeconds: number;
  /** Server time the courier reported arrival; null until then. */
  arrivedAt: number | null;
  slaTier: SlaTier;
}

/** What the engine needs to know about a courier, apart from fixes and route. */
export interface DetectCourier {
  id: number;
  vehicle: Vehicle;
  /** Not read by the rules: hub on-time rates come from `onStopCompleted`. */
  hubId: number | null;
  /** Null when the courier has no shift window: treated as always on shift. */
  shift: ShiftWindow | null;
  /** Server time of the last ping received before the engine learnt of the courier, if known. */
  lastReceivedAt?: number | null;
}

/** Predicted arrival (epoch ms) per given stop, in route order; injected from the ETA module. */
export type ArrivalEstimator = (input: {
  position: LatLng | null;
  at: number;
  vehicle: Vehicle;
  stops: readonly DetectStop[];
}) => number[];

/** Alert kinds the detectors raise (failed attempts are raised where they are recorded). */
export type DetectedKind = Exclude<AlertKind, 'failed_attempt'>;

/** The alert kinds the detectors raise and resolve. */
export const DETECTED_KINDS: ReadonlySet<DetectedKind> = new Set(
  ALERT_KINDS.filter((kind): kind is DetectedKind => kind !== 'failed_attempt'),
);

/** What an alert is about: a courier, a stop or a hub. */
export interface SignalSubject {
  courierId?: number;
  stopId?: number;
  hubId?: number;
}

export interface StalledDetails {
  /** Device time the stall clock started (the dwell start, or later when work resumed later). */
  from: number;
  /** Device time of the latest fix still in the dwell. */
  to: number;
  anchor: LatLng;
  minutes: number;
}

export interface OfflineDetails {
  /** Server time of the last ping received, or null when none ever arrived. */
  lastReceivedAt: number | null;
  /** Server time the silence is counted from. */
  silentSince: number;
  /** Device time of the latest fix, or null. */
  lastFixT: number | null;
}

export interface LateDetails {
  courierId: number;
  windowEnd: number;
}

export interface LateRiskDetails {
  courierId: number;
  /** End of the promised window, epoch ms. */
  windowEnd: number;
  /** Predicted arrival rounded to the minute, epoch ms. */
  predictedArrival: number;
  /** Against the promised window end, rounded up; negative when predicted before it ends. */
  minutesLate: number;
  /** The safety margin the risk was judged with (less than the rule's near the window start). */
  marginMinutes: number;
}

export interface SlaBreachDetails {
  courierId: number;
  slaTier: SlaTier;
  windowEnd: number;
  graceMinutes: number;
}

export interface StuckAtStopDetails {
  courierId: number;
  arrivedAt: number;
  limitMinutes: number;
}

export interface HubSlaDetails {
  /** Share of completions in the window that were on time, 0..1, rounded to 0.01. */
  onTimeRate: number;
  completions: number;
  target: number;
}

/** Details carried by each kind of signal. */
export interface DetailsByKind {
  stalled: StalledDetails;
  offline: OfflineDetails;
  late: LateDetails;
  late_risk: LateRiskDetails;
  sla_breach: SlaBreachDetails;
  stuck_at_stop: StuckAtStopDetails;
  hub_sla: HubSlaDetails;
}

/** A detector's verdict that a condition holds now. */
export type Finding = {
  [K in DetectedKind]: { kind: K; severity: AlertSeverity; details: DetailsByKind[K] };
}[DetectedKind];

/**
 * What a stored alert is about: a stop's alert is found by its stop alone (it stays the same alert
 * when the stop moves to another courier), a courier's by its courier, a hub's by its hub.
 */
export interface AlertSubject {
  courierId?: number | null;
  stopId?: number | null;
  hubId?: number | null;
}

/** A condition to store as an alert: opened or updated while active, resolved when not. */
export interface AlertSignal {
  kind: AlertKind;
  subject: AlertSubject;
  active: boolean;
  severity: AlertSeverity;
  details: Record<string, unknown>;
}

/** How a signal changes the condition's alert. */
export type SignalChange = 'open' | 'update' | 'resolve';

/**
 * A condition starting (`open`), changing severity or details (`update`) or ending (`resolve`);
 * the caller maps these to stored alerts, one per (kind, subject).
 */
export type Signal = Finding & {
  subject: SignalSubject;
  active: boolean;
  change: SignalChange;
};

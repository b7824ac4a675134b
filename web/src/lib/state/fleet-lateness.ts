import type { AlertKind, AlertView, CourierStatus, Stop } from '@dispatch/shared';
import { slaVerdict } from './route-timeline';

/**
 * A courier's worst open stop: late, at risk, on time, or no open stops. The order is the GPU
 * code of the state (see CourierVertices), worst last.
 */
export const COURIER_STATES = ['none', 'on_time', 'at_risk', 'late'] as const;
export type CourierState = (typeof COURIER_STATES)[number];

/** How a courier moves, drawn as a secondary mark on its map marker. */
export const MOVEMENTS = ['moving', 'at_stop', 'waiting', 'stalled', 'offline'] as const;
export type Movement = (typeof MOVEMENTS)[number];

/** Courier alerts that say why a courier falls behind, besides its stops' own lateness. */
const CAUSE_KINDS: ReadonlySet<AlertKind> = new Set([
  'stalled',
  'offline',
  'stuck_at_stop',
  'failed_attempt',
]);

/** How far behind one courier is, from its open stops and its open alerts. */
export interface CourierLateness {
  courierId: number;
  state: CourierState;
  late: number;
  atRisk: number;
  open: number;
  /** The most minutes late of a late or at-risk stop; 0 when none is behind. */
  worstMinutesLate: number;
  /** The open stop with the lowest sequence, and its predicted arrival. */
  nextStop: { id: number; eta: number | null } | null;
  /** Kinds of the courier's open alerts that are causes (stalled, offline, …), sorted. */
  causes: AlertKind[];
}

function emptyLateness(courierId: number): CourierLateness {
  return {
    courierId,
    state: 'none',
    late: 0,
    atRisk: 0,
    open: 0,
    worstMinutesLate: 0,
    nextStop: null,
    causes: [],
  };
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * Per courier: late and at-risk open stops, the worst minutes late and the next stop, from the
 * console's stops at `now` and the open alerts. An open `late` alert on a stop counts it late
 * and a `late_risk` alert at least at risk, so the list agrees with the alert feed even before
 * the stop's own ETA catches up. Couriers with nothing open are absent.
 */
export function courierLateness(
  stops: Iterable<Stop>,
  alerts: Iterable<AlertView>,
  now: number,
): Map<number, CourierLateness> {
  const byCourier = new Map<number, CourierLateness>();
  const entry = (id: number) => {
    let e = byCourier.get(id);
    if (!e) byCourier.set(id, (e = emptyLateness(id)));
    return e;
  };
  const stopAlerts = new Map<number, { late: boolean; minutes: number | null }>();
  const causes = new Map<number, Set<AlertKind>>();
  for (const alert of alerts) {
    if (alert.resolvedAt !== null) continue;
    if ((alert.kind === 'late' || alert.kind === 'late_risk') && alert.stopId !== null) {
      const held = stopAlerts.get(alert.stopId);
      const late = alert.kind === 'late' || (held?.late ?? false);
      const minutes = num(alert.details.minutesLate);
      stopAlerts.set(alert.stopId, {
        late,
        minutes: Math.max(minutes ?? 0, held?.minutes ?? 0) || null,
      });
    } else if (CAUSE_KINDS.has(alert.kind) && alert.courierId !== null) {
      let kinds = causes.get(alert.courierId);
      if (!kinds) causes.set(alert.courierId, (kinds = new Set()));
      kinds.add(alert.kind);
    }
  }

  const nextSequence = new Map<number, number>();
  for (const stop of stops) {
    if (stop.courierId === null) continue;
    const verdict = slaVerdict(stop, stop.eta, now);
    if (verdict.state === 'done' || verdict.state === 'failed') continue;
    const e = entry(stop.courierId);
    e.open++;
    const alerted = stopAlerts.get(stop.id);
    const late = verdict.state === 'late' || alerted?.late === true;
    const atRisk = !late && (verdict.state === 'at_risk' || alerted !== undefined);
    if (late) e.late++;
    else if (atRisk) e.atRisk++;
    if (late || atRisk) {
      const minutes = Math.max(verdict.minutesLate ?? 0, alerted?.minutes ?? 0);
      e.worstMinutesLate = Math.max(e.worstMinutesLate, minutes);
    }
    const sequence = stop.sequence ?? Number.MAX_SAFE_INTEGER;
    const held = nextSequence.get(stop.courierId);
    if (held === undefined || sequence < held) {
      nextSequence.set(stop.courierId, sequence);
      e.nextStop = { id: stop.id, eta: stop.eta };
    }
  }
  for (const [courierId, kinds] of causes) entry(courierId).causes = [...kinds].sort();
  for (const e of byCourier.values()) e.state = stateOf(e);
  return byCourier;
}

function stateOf(e: CourierLateness): CourierState {
  if (e.late > 0) return 'late';
  if (e.atRisk > 0) return 'at_risk';
  return e.open > 0 ? 'on_time' : 'none';
}

/** What the list knows of a courier it ranks: its name and id. */
export interface RankedCourier {
  id: number;
  name: string;
}

/**
 * Couriers most behind first: more late stops, then more at-risk stops, then more minutes late
 * for the worst one, then by name (and id, so equal names keep one order).
 */
export function rankByLateness<R extends RankedCourier>(
  rows: readonly R[],
  lateness: ReadonlyMap<number, CourierLateness>,
): R[] {
  const of = (id: number) => lateness.get(id);
  return [...rows].sort((a, b) => {
    const la = of(a.id);
    const lb = of(b.id);
    return (
      (lb?.late ?? 0) - (la?.late ?? 0) ||
      (lb?.atRisk ?? 0) - (la?.atRisk ?? 0) ||
      (lb?.worstMinutesLate ?? 0) - (la?.worstMinutesLate ?? 0) ||
      a.name.localeCompare(b.name) ||
      a.id - b.id
    );
  });
}

/** The courier's state, `none` when it has nothing open. */
export function stateOfCourier(
  lateness: ReadonlyMap<number, CourierLateness>,
  courierId: number,
): CourierState {
  return lateness.get(courierId)?.state ?? 'none';
}

/**
 * The mark a marker carries for how the courier moves: offline and stalled (an open alert) win
 * over the reported status; idle and on break both read as waiting.
 */
export function movementOf(status: CourierStatus, causes: readonly AlertKind[]): Movement {
  if (status === 'offline' || causes.includes('offline')) return 'offline';
  if (causes.includes('stalled')) return 'stalled';
  if (status === 'at_stop') return 'at_stop';
  if (status === 'en_route') return 'moving';
  return 'waiting';
}

/** Couriers per state, for the legend. */
export function countByState(
  courierIds: Iterable<number>,
  lateness: ReadonlyMap<number, CourierLateness>,
): Record<CourierState, number> {
  const counts: Record<CourierState, number> = { none: 0, on_time: 0, at_risk: 0, late: 0 };
  for (const id of courierIds) counts[stateOfCourier(lateness, id)]++;
  return counts;
}

/**
 * The courier after `current` among those behind (late or at risk), in the list's order,
 * wrapping round; the first one when `current` is not behind; null when nobody is behind.
 */
export function nextBehind<R extends RankedCourier>(
  rows: readonly R[],
  lateness: ReadonlyMap<number, CourierLateness>,
  current: number | null,
): R | null {
  const behind = rankByLateness(rows, lateness).filter((r) => {
    const l = lateness.get(r.id);
    return (l?.late ?? 0) + (l?.atRisk ?? 0) > 0;
  });
  if (behind.length === 0) return null;
  const at = behind.findIndex((r) => r.id === current);
  return behind[(at + 1) % behind.length]!;
}

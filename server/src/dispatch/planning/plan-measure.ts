import { straightLineMeters } from '../../eta/travel-time';
import { isPickupKind, type StopKind } from '@dispatch/shared';
import type { PlanCourier, PlanStop, PlanVisit } from './plan-problem';
import type { TravelCalibration } from './travel-calibration';

/** One stop of a route as a plan drives it. */
export interface RouteVisit extends PlanVisit {
  stopId: number;
  /**
   * Driven straight on from the visit before it as one shop order (its pickup, then this
   * drop-off), at the plan's base pace as the planner models it.
   */
  paired?: boolean;
}

/** How far a route drives and which of its stops are predicted late. */
export interface RouteMeasure {
  /** Straight-line metres from the courier's start through every stop. */
  meters: number;
  late: { stopId: number; lateSeconds: number }[];
}

/**
 * A stop reached less than this after its window ends counts as on time: the plan's times are
 * straight-line estimates, and half a minute either way is below what they can tell apart.
 */
export const LATE_TOLERANCE_SECONDS = 30;

/**
 * Drives a route with the plan's travel model (straight-line metres × seconds per metre × the
 * vehicle's factor), waiting at stops reached before their window opens, and reports the
 * distance and every stop reached more than `LATE_TOLERANCE_SECONDS` after its window.
 */
export function measureRoute(
  courier: Pick<PlanCourier, 'vehicle' | 'start' | 'departAt'>,
  visits: readonly RouteVisit[],
  calibration: TravelCalibration,
): RouteMeasure {
  const factor = calibration.factor[courier.vehicle] ?? 1;
  let meters = 0;
  let time = courier.departAt;
  let at: { lat: number; lng: number } = courier.start;
  const late: RouteMeasure['late'] = [];
  for (const visit of visits) {
    const leg = straightLineMeters(at, visit);
    meters += leg;
    const pace = visit.paired ? 1 : factor;
    const arrive = time + leg * calibration.secondsPerMeter * pace * 1000;
    const start = Math.max(arrive, visit.windowStart);
    const lateSeconds = (start - visit.windowEnd) / 1000;
    if (lateSeconds > LATE_TOLERANCE_SECONDS) late.push({ stopId: visit.stopId, lateSeconds });
    time = start + visit.serviceSeconds * 1000;
    at = visit;
  }
  return { meters, late };
}

const visitOf = (v: PlanVisit): PlanVisit => ({
  lat: v.lat,
  lng: v.lng,
  windowStart: v.windowStart,
  windowEnd: v.windowEnd,
  serviceSeconds: v.serviceSeconds,
  demand: v.demand,
});

/** Planning units in route order as visits: a unit's second stop is its order's drop-off, driven straight on. */
export function unitVisits(
  units: readonly { stopIds: readonly number[]; plan: PlanStop }[],
): RouteVisit[] {
  return units.flatMap((u) =>
    u.stopIds.map((stopId, k) => ({
      stopId,
      ...visitOf(k === 0 ? u.plan : (u.plan.then ?? u.plan)),
      paired: k > 0,
    })),
  );
}

/** A route's stops as visits, in their order; a drop-off right after its order's pickup is driven straight on. */
export function keptVisits(
  stops: readonly { id: number; orderRef: string | null; kind: StopKind; visit: PlanVisit }[],
): RouteVisit[] {
  return stops.map((s, i) => {
    const before = stops[i - 1];
    const paired =
      s.kind === 'delivery' &&
      s.orderRef !== null &&
      before !== undefined &&
      isPickupKind(before.kind) &&
      before.orderRef === s.orderRef;
    return { stopId: s.id, ...visitOf(s.visit), paired };
  });
}

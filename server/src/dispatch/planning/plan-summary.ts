import type { PlanPreviewCourier } from '@dispatch/shared';
import { measureRoute, type RouteVisit } from './plan-measure';
import type { PlanCourier } from './plan-problem';
import type { TravelCalibration } from './travel-calibration';

/** One courier's route as it is and as a plan would leave it. */
export interface RouteChange {
  courierId: number;
  name: string;
  courier: Pick<PlanCourier, 'vehicle' | 'start' | 'departAt' | 'openStops'>;
  /** The stops the plan may re-order (past the one it is on), in their current order. */
  before: readonly RouteVisit[];
  /** The same stops and the ones the plan adds, in the plan's order. */
  after: readonly RouteVisit[];
}

/** What a plan does to the routes it changes, in numbers a dispatcher reads. */
export interface PlanSummary {
  /** Changed routes, those gaining most stops first. */
  couriers: PlanPreviewCourier[];
  km: { before: number; after: number };
  lateStops: { before: number; after: number };
  /** Stops new to a route that are predicted late there, whole minutes rounded up. */
  lateNew: { stopId: number; lateMinutes: number }[];
  /** Stops new to a route. */
  planned: number;
}

const km = (meters: number) => Math.round(meters / 100) / 10;

/**
 * Sums up a plan's route changes: per courier the stops added and re-ordered, straight-line km
 * and late stops before and after (both measured the same way), and the new stops predicted late.
 */
export function summarizePlan(
  changes: readonly RouteChange[],
  calibration: TravelCalibration,
): PlanSummary {
  const summary: PlanSummary = {
    couriers: [],
    km: { before: 0, after: 0 },
    lateStops: { before: 0, after: 0 },
    lateNew: [],
    planned: 0,
  };
  let metersBefore = 0;
  let metersAfter = 0;
  for (const change of changes) {
    const had = new Set(change.before.map((v) => v.stopId));
    const before = measureRoute(change.courier, change.before, calibration);
    const after = measureRoute(change.courier, change.after, calibration);
    const added = change.after.filter((v) => !had.has(v.stopId)).length;
    metersBefore += before.meters;
    metersAfter += after.meters;
    summary.lateStops.before += before.late.length;
    summary.lateStops.after += after.late.length;
    summary.planned += added;
    for (const late of after.late) {
      if (!had.has(late.stopId))
        summary.lateNew.push({
          stopId: late.stopId,
          lateMinutes: Math.ceil(late.lateSeconds / 60),
        });
    }
    summary.couriers.push({
      courierId: change.courierId,
      name: change.name,
      added,
      reordered: reorderedCount(change.before, change.after),
      stopsBefore: change.courier.openStops + change.before.length,
      stopsAfter: change.courier.openStops + change.after.length,
      kmBefore: km(before.meters),
      kmAfter: km(after.meters),
      lateBefore: before.late.length,
      lateAfter: after.late.length,
    });
  }
  summary.km = { before: km(metersBefore), after: km(metersAfter) };
  summary.couriers.sort(
    (a, b) => b.added - a.added || b.reordered - a.reordered || a.name.localeCompare(b.name),
  );
  return summary;
}

/**
 * Stops the route had that the plan moves to another place among them: the fewest that must be
 * picked up and put elsewhere to turn the old order into the new one (the rest keep their order).
 */
function reorderedCount(before: readonly RouteVisit[], after: readonly RouteVisit[]): number {
  const position = new Map(before.map((v, i) => [v.stopId, i]));
  const kept = after.flatMap((v) => position.get(v.stopId) ?? []);
  // Longest increasing run of old positions (patience sorting): the stops that stay in order.
  const tails: number[] = [];
  for (const p of kept) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = p;
  }
  return kept.length - tails.length;
}

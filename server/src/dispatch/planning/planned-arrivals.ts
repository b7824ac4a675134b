import { straightLineMeters } from '../../eta/travel-time';
import type { PlanCourier, PlanVisit } from './plan-problem';
import type { TravelCalibration } from './travel-calibration';

/**
 * When the plan expects a courier to reach each of its visits (epoch ms), in the plan's own
 * terms: leaving `start` at `departAt`, straight-line travel at the calibrated pace of its
 * vehicle, waiting for window starts, serving each visit. What replay compares arrivals with.
 */
export function plannedArrivals(
  courier: Pick<PlanCourier, 'vehicle' | 'start' | 'departAt'>,
  visits: readonly PlanVisit[],
  calibration: TravelCalibration,
): number[] {
  const secondsPerMeter = calibration.secondsPerMeter * (calibration.factor[courier.vehicle] ?? 1);
  const arrivals: number[] = [];
  let here = courier.start;
  let clock = courier.departAt;
  for (const visit of visits) {
    const arriveAt = clock + straightLineMeters(here, visit) * secondsPerMeter * 1000;
    arrivals.push(Math.round(arriveAt));
    clock = Math.max(arriveAt, visit.windowStart) + visit.serviceSeconds * 1000;
    here = visit;
  }
  return arrivals;
}

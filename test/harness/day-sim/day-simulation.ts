import type { MotionFix } from '../../../server/src/detect/types';
import { DayFleet } from './day-fleet';
import type { DayScenario } from './scenario';
import type { SimStop } from './sim-courier';

/** Watches the simulated fleet as the server would, and may move stops between couriers. */
export interface DayDispatcher {
  /** Once, before the first step, with every route as planned. */
  start(fleet: DayFleet): void;
  /** Fixes that reached the server at `nowMs`. */
  onFixes(courierId: number, fixes: readonly MotionFix[], nowMs: number): void;
  /** A courier's open stops changed: one arrived or was delivered. */
  onRouteChanged(courierId: number, fleet: DayFleet): void;
  /** After every courier has moved to `nowMs`. */
  tick(nowMs: number, fleet: DayFleet): void;
}

/** How the day went: every stop as it ended up, and when the simulation stopped. */
export interface DayRun {
  stops: SimStop[];
  /** Each courier's stops still open at the end, in order. */
  routes: Map<number, number[]>;
  endMs: number;
}

/** Virtual time between steps; shorter than any service, so a step never both arrives and leaves. */
export const TICK_MS = 10_000;
const HOUR_MS = 3_600_000;

/**
 * Drives the day in virtual time from the shift start: every courier steps, its fixes and
 * route changes go to the dispatcher (when there is one), then the dispatcher ticks. Ends when
 * every stop is delivered, or `overtimeHours` after the shift end with the rest left open.
 */
export function simulateDay(
  scenario: DayScenario,
  routes: ReadonlyMap<number, readonly number[]>,
  dispatcher?: DayDispatcher,
): DayRun {
  const fleet = new DayFleet(scenario, routes);
  dispatcher?.start(fleet);
  const lastMs = scenario.shiftEndMs + scenario.options.overtimeHours * HOUR_MS;
  let open = fleet.openCount;
  let nowMs = scenario.shiftStartMs;
  while (open > 0 && nowMs < lastMs) {
    nowMs += TICK_MS;
    for (const courier of fleet.couriers.values()) {
      const step = courier.step(nowMs, fleet.stops);
      if (step.fixes.length > 0) dispatcher?.onFixes(courier.id, step.fixes, nowMs);
      if (step.routeChanged) dispatcher?.onRouteChanged(courier.id, fleet);
    }
    dispatcher?.tick(nowMs, fleet);
    open = fleet.openCount;
  }
  return {
    stops: [...fleet.stops.values()].map((stop) => ({ ...stop })),
    routes: new Map([...fleet.couriers.values()].map((c) => [c.id, [...c.route]])),
    endMs: nowMs,
  };
}

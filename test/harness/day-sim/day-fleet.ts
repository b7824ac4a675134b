import { createRng } from '../../../server/src/lib/rng';
import type { DayScenario } from './scenario';
import { SimCourier, type SimStop } from './sim-courier';

/** One stop moving to another courier, at a 1-based position of its route as it stands then. */
export interface FleetMove {
  stopId: number;
  toCourierId: number;
  insertPosition: number;
}

/** Time between GPS fixes of every phone. */
export const PING_INTERVAL_MS = 10_000;

/** The simulated couriers and the day's stops, with the one way to change who serves what. */
export class DayFleet {
  readonly couriers: Map<number, SimCourier>;
  readonly stops = new Map<number, SimStop>();

  constructor(scenario: DayScenario, routes: ReadonlyMap<number, readonly number[]>) {
    this.couriers = createSimCouriers(scenario);
    const courierOf = new Map<number, number>();
    for (const [courierId, stopIds] of routes) {
      if (!this.couriers.has(courierId)) throw new RangeError(`no courier ${courierId}`);
      for (const stopId of stopIds) {
        if (courierOf.has(stopId)) throw new RangeError(`stop ${stopId} is on two routes`);
        courierOf.set(stopId, courierId);
      }
    }
    for (const stop of scenario.stops) {
      const courierId = courierOf.get(stop.id);
      if (courierId === undefined) throw new RangeError(`stop ${stop.id} is on no route`);
      this.stops.set(stop.id, {
        ...stop,
        status: 'assigned',
        courierId,
        arrivedAt: null,
        deliveredAt: null,
      });
    }
    for (const [courierId, stopIds] of routes) {
      this.couriers.get(courierId)!.setRoute(stopIds, this.stops);
    }
  }

  /** Stops not yet delivered. */
  get openCount(): number {
    let open = 0;
    for (const stop of this.stops.values()) if (stop.status !== 'delivered') open++;
    return open;
  }

  /**
   * Moves a stop that nobody has reached yet to another courier; returns the couriers whose
   * routes changed (none when the move no longer applies).
   */
  move(move: FleetMove): number[] {
    const stop = this.stops.get(move.stopId);
    const to = this.couriers.get(move.toCourierId);
    if (!stop || !to || stop.status !== 'assigned') return [];
    const from = this.couriers.get(stop.courierId)!;
    from.route = from.route.filter((id) => id !== stop.id);
    const route = to.route.filter((id) => id !== stop.id);
    const head = route[0] !== undefined && this.stops.get(route[0])!.status === 'arrived' ? 1 : 0;
    const at = Math.min(route.length, Math.max(head, move.insertPosition - 1));
    route.splice(at, 0, stop.id);
    stop.courierId = to.id;
    from.setRoute(from.route, this.stops);
    to.setRoute(route, this.stops);
    return from === to ? [to.id] : [from.id, to.id];
  }
}

/**
 * The day's couriers as the simulation drives them, each from its own seeded stream (so its
 * pace and its GPS noise are the same in every run of the day).
 */
export function createSimCouriers(scenario: DayScenario): Map<number, SimCourier> {
  const rng = createRng(scenario.options.seed).fork('couriers');
  const couriers = new Map<number, SimCourier>();
  for (const courier of scenario.couriers) {
    couriers.set(
      courier.id,
      new SimCourier({
        id: courier.id,
        vehicle: courier.vehicle,
        network: scenario.network,
        traffic: scenario.traffic,
        start: scenario.depot,
        startMs: scenario.shiftStartMs,
        rng: rng.fork(courier.id),
        pingIntervalMs: PING_INTERVAL_MS,
        holds: scenario.holds.filter((h) => h.courierId === courier.id),
      }),
    );
  }
  return couriers;
}

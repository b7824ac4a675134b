import type { AlertView, Stop } from '@dispatch/shared';
import { courierLateness, type CourierLateness, type CourierState } from './fleet-lateness';

/** How often lateness is worked out again while nothing else changes: stops turn late by time. */
const CLOCK_STEP_MS = 15_000;

/** Where the lateness of couriers is worked out from. */
export interface LatenessSources {
  stops: () => readonly Stop[];
  /** Unresolved alerts. */
  alerts: () => readonly AlertView[];
  now: () => number;
}

/**
 * Who is behind: each courier's late and at-risk stops (recomputed when stops or alerts change,
 * and every 15 s as windows close), and the state the dispatcher narrowed the map and the
 * courier list to from the legend.
 */
export class FleetLateness {
  /** Only couriers in this state are shown, when set. */
  stateFilter = $state<CourierState | null>(null);

  readonly #sources: LatenessSources;
  #clock = $derived.by(() => Math.floor(this.#sources.now() / CLOCK_STEP_MS));

  /** Per courier with open stops or alerts; absent couriers have nothing open. */
  byCourier = $derived.by((): ReadonlyMap<number, CourierLateness> => {
    const at = this.#clock * CLOCK_STEP_MS;
    return courierLateness(this.#sources.stops(), this.#sources.alerts(), at);
  });

  constructor(sources: LatenessSources) {
    this.#sources = sources;
  }

  /** Narrows to one state, or back to everyone when that state was already chosen. */
  toggleFilter(state: CourierState): void {
    this.stateFilter = this.stateFilter === state ? null : state;
  }

  /** Whether a courier passes the legend's filter. */
  passes(courierId: number): boolean {
    const filter = this.stateFilter;
    return filter === null || (this.byCourier.get(courierId)?.state ?? 'none') === filter;
  }
}

import { haversineMeters, type RoutePath } from '@dispatch/shared';

/** Fetches a courier's route legs (`GET /api/v1/couriers/:id/route/path`). */
export type RoutePathLoader = (courierId: number) => Promise<RoutePath>;

/** The route shown: whose, which version, and its open stops in order. */
export interface ShownRoute {
  courierId: number;
  version: number;
  stopIds: readonly number[];
}

/** The leg from the courier is fetched again once it is this far from where that leg starts… */
export const MOVED_METERS = 150;
/** …but not more often than this. */
export const MIN_REFETCH_MS = 5_000;

/**
 * The selected courier's route legs along the streets, kept in step with the route shown: fetched
 * when the courier, the route version or its open stops change, and again when the courier has
 * moved away from where its first leg starts. Until an answer comes, and when none can be had
 * (an older server), there is no path and the route is drawn straight.
 */
export class SelectedRoutePath {
  #path = $state.raw<RoutePath | null>(null);
  #key: string | null = null;
  #askedAt = -Infinity;
  #request = 0;

  constructor(
    private readonly load: RoutePathLoader,
    private readonly now: () => number = Date.now,
  ) {}

  /** The legs last fetched for this courier, if any (they may be for an older version). */
  pathFor(courierId: number | null): RoutePath | null {
    const path = this.#path;
    return path && path.courierId === courierId ? path : null;
  }

  /** Asks for the legs when the route shown or the courier's position calls for it. */
  follow(route: ShownRoute | null, origin: { lat: number; lng: number } | null): void {
    if (!route || route.stopIds.length === 0) {
      this.#key = null;
      this.#request++;
      return;
    }
    const key = `${route.courierId}:${route.version}:${route.stopIds.join(',')}`;
    if (key === this.#key && !this.#courierMovedOn(origin)) return;
    this.#key = key;
    this.#askedAt = this.now();
    const request = ++this.#request;
    this.load(route.courierId).then(
      (path) => {
        if (request === this.#request) this.#path = path;
      },
      () => {
        // Straight lines stand in; the next change of route asks again.
      },
    );
  }

  #courierMovedOn(origin: { lat: number; lng: number } | null): boolean {
    const path = this.#path;
    if (!origin || !path || path.shape !== 'streets') return false;
    if (this.now() - this.#askedAt < MIN_REFETCH_MS) return false;
    const first = path.legs[0];
    if (!first || first.fromStopId !== null) return true; // drawn before the courier had a position
    const [lng, lat] = first.geometry.coordinates[0]!;
    return haversineMeters(origin.lat, origin.lng, lat, lng) > MOVED_METERS;
  }
}

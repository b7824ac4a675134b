import type { RoutePayload } from '@dispatch/shared';
import { isClosedStatus } from './route-timeline';

/** Fetches a courier's remaining route. */
export type RouteLoader = (courierId: number) => Promise<RoutePayload>;

/** The route of the courier on screen (the detail drawer and the map's route line). */
export class SelectedRoute {
  courierId = $state<number | null>(null);
  route = $state.raw<RoutePayload | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  /** Stops still to visit, in sequence order. */
  remaining = $derived(
    (this.route?.stops ?? [])
      .filter((s) => !isClosedStatus(s.status))
      .sort((a, b) => a.seq - b.seq),
  );

  readonly #load: RouteLoader;
  #request = 0;

  constructor(load: RouteLoader) {
    this.#load = load;
  }

  /** Shows a courier's route (null hides it). A later call wins over a slower earlier one. */
  async show(courierId: number | null): Promise<void> {
    if (courierId !== this.courierId) {
      this.courierId = courierId;
      this.route = null;
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const courierId = this.courierId;
    const request = ++this.#request;
    if (courierId === null) {
      this.loading = false;
      this.error = null;
      return;
    }
    this.loading = true;
    try {
      const route = await this.#load(courierId);
      if (request !== this.#request) return;
      this.route = route;
      this.error = null;
    } catch (err) {
      if (request !== this.#request) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** Reacts to `stop:changed`: fetches again when a stop on the route shown changed. */
  async onStopsChanged(changes: readonly { id: number }[]): Promise<void> {
    const stops = this.route?.stops;
    if (!stops || !changes.some((c) => stops.some((s) => s.id === c.id))) return;
    await this.refresh();
  }

  /** Reacts to `route:changed`: fetches again when the change is newer than what is shown. */
  async onRouteChanged(change: { courierId: number; version: number }): Promise<void> {
    if (change.courierId !== this.courierId) return;
    if (this.route && this.route.version >= change.version) return;
    await this.refresh();
  }
}

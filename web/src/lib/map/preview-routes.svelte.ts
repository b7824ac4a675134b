import type { RoutePayload, SuggestionView } from '@dispatch/shared';

/** The routes a suggestion preview is drawn from. */
export interface LoadedPreview {
  suggestionId: number;
  from: RoutePayload | null;
  to: RoutePayload | null;
}

/**
 * The current routes of the couriers a selected suggestion touches (the one losing stops and
 * the one receiving them; one route for a re-sequence), fetched when the selection changes.
 * A route that cannot be fetched is left out; an answer for an earlier selection is dropped.
 */
export class PreviewRoutes {
  loaded = $state.raw<LoadedPreview | null>(null);
  #asked = 0;

  constructor(private readonly fetchRoute: (courierId: number) => Promise<RoutePayload>) {}

  /** Fetches the routes for a suggestion, or forgets them when there is none. */
  async show(suggestion: SuggestionView | null): Promise<void> {
    const asked = ++this.#asked;
    if (!suggestion) {
      this.loaded = null;
      return;
    }
    const load = (courierId: number | null): Promise<RoutePayload | null> =>
      courierId === null ? Promise.resolve(null) : this.fetchRoute(courierId).catch(() => null);
    const { fromCourierId, toCourierId } = suggestion;
    const same = fromCourierId === toCourierId;
    const [from, to] = await Promise.all([load(fromCourierId), same ? null : load(toCourierId)]);
    if (asked !== this.#asked) return;
    this.loaded = { suggestionId: suggestion.id, from, to: same ? from : to };
  }
}

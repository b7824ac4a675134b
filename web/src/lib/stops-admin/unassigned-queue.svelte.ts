import type { Hub, Stop, StopHubAssignResult } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import { failureWording, type Wording } from './wording';

/** Which unassigned stops the queue lists: one hub's, those without a hub, or all. */
export type HubFilter = number | 'none' | 'all';

/** What the unassigned-stops screen calls on the server. */
export interface QueueCalls {
  fetchUnassigned(hub: HubFilter): Promise<Stop[]>;
  assignHub(stopIds: number[], hubId: number): Promise<StopHubAssignResult>;
  /** Open stops already on a route (assigned, on the way, arrived). */
  fetchOnRoute(): Promise<Stop[]>;
}

/** The hub filter from a `<select>` value: `all`, `none` or a hub id. */
export function parseHubFilter(value: string): HubFilter {
  return value === 'all' || value === 'none' ? value : Number(value);
}

/** How many stops on a route a reference search lists at most. */
const FOUND_LIMIT = 20;

/**
 * The queue of unassigned stops: the hub filter, the stops it lists, the selection and the hub to
 * give it, and the search for a stop already on a route (to edit it).
 */
export class UnassignedQueue {
  hubs = $state.raw<Hub[]>([]);
  filter = $state<HubFilter>('all');
  stops = $state.raw<Stop[]>([]);
  loading = $state(false);
  failure = $state.raw<Wording | null>(null);
  /** What the last change did (hubs given, a stop saved). */
  notice = $state.raw<Wording | null>(null);
  selected = $state<number[]>([]);
  /** The hub "Set hub" gives the selected stops. */
  targetHub = $state<number | null>(null);
  /** Stops on a route matching the searched reference; null before a search. */
  found = $state.raw<Stop[] | null>(null);

  /** Listed stops that cannot be planned until they have a hub. */
  readonly hubless = $derived(this.stops.filter((s) => s.hubId === null));

  constructor(private readonly calls: QueueCalls) {}

  hubName(id: number | null, t: Translate): string {
    if (id === null) return t('office.queue.noHub');
    return (
      this.hubs.find((h) => h.id === id)?.name ?? t('office.queue.hubNumber', { id: String(id) })
    );
  }

  /** Starts on the user's hubs, "Set hub" on their own hub (else the first), and loads. */
  async open(hubs: Hub[], ownHubId: number | null): Promise<void> {
    this.hubs = hubs;
    this.targetHub = ownHubId ?? hubs[0]?.id ?? null;
    await this.load();
  }

  /** Reloads the stops of the filter; the selection keeps only stops still listed. */
  async load(): Promise<void> {
    this.loading = true;
    this.failure = null;
    try {
      const stops = await this.calls.fetchUnassigned(this.filter);
      this.stops = stops;
      this.selected = this.selected.filter((id) => stops.some((s) => s.id === id));
    } catch (err) {
      this.failure = failureWording(err);
    } finally {
      this.loading = false;
    }
  }

  async setFilter(filter: HubFilter): Promise<void> {
    this.filter = filter;
    await this.load();
  }

  toggle(id: number, on: boolean): void {
    this.selected = on ? [...this.selected, id] : this.selected.filter((s) => s !== id);
  }

  selectHubless(): void {
    this.selected = this.hubless.map((s) => s.id);
  }

  /** Gives the selected stops the target hub, says so, and reloads. */
  async applyHub(): Promise<void> {
    const hubId = this.targetHub;
    if (hubId === null || this.selected.length === 0) return;
    this.notice = null;
    try {
      const res = await this.calls.assignHub(this.selected, hubId);
      this.notice = (t) =>
        t('office.queue.hubSet', { count: res.updated, hub: this.hubName(hubId, t) });
      this.selected = [];
      await this.load();
    } catch (err) {
      this.failure = failureWording(err);
    }
  }

  /** Looks up open stops on a route whose reference contains `ref` (any case). */
  async findOnRoute(ref: string): Promise<void> {
    const wanted = ref.trim().toLowerCase();
    if (!wanted) return;
    try {
      const open = await this.calls.fetchOnRoute();
      this.found = open
        .filter((s) => s.orderRef?.toLowerCase().includes(wanted))
        .slice(0, FOUND_LIMIT);
    } catch (err) {
      this.failure = failureWording(err);
    }
  }

  /** A stop was created or edited: says so, forgets the search, and reloads. */
  async saved(message: Wording): Promise<void> {
    this.notice = message;
    this.found = null;
    await this.load();
  }
}

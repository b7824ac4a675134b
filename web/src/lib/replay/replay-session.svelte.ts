import type { ConsoleConfig, ConsoleUser, Courier, Hub, Replay } from '@dispatch/shared';
import { errorMessage } from '../api';
import { dateInZone, dayWindow } from './day-window';
import { Playback } from './playback.svelte';
import { replayDay, type ReplayDay } from './replay-day';

/** What the replay page reads from the server. */
export interface ReplaySources {
  config: () => Promise<ConsoleConfig>;
  hubs: () => Promise<Hub[]>;
  couriers: () => Promise<Courier[]>;
  replay: (query: {
    hubId?: number;
    courierId?: number;
    from: number;
    to: number;
  }) => Promise<Replay>;
}

/**
 * The replay page's state: the hubs and couriers to pick from, the hub (or courier) and day
 * picked, the replay loaded for them and its playback.
 */
export class ReplaySession {
  config = $state.raw<ConsoleConfig | null>(null);
  hubs = $state.raw<Hub[]>([]);
  allCouriers = $state.raw<Courier[]>([]);
  hubId = $state<number | null>(null);
  /** null: the whole hub. */
  courierId = $state<number | null>(null);
  /** `YYYY-MM-DD` on the hub's clock. */
  date = $state('');
  day = $state.raw<ReplayDay | null>(null);
  /** `no-hub`: the user may replay no hub at all. */
  status = $state<'idle' | 'loading' | 'ready' | 'error' | 'no-hub'>('idle');
  /** Why the replay did not load, in the server's words. */
  message = $state<string | null>(null);
  readonly playback: Playback;
  private loadSeq = 0;

  constructor(
    readonly user: ConsoleUser,
    private readonly sources: ReplaySources,
    playback = new Playback(),
    private readonly now = () => Date.now(),
  ) {
    this.playback = playback;
  }

  /** The hub picked, with its time zone. */
  get hub(): Hub | null {
    return this.hubs.find((h) => h.id === this.hubId) ?? null;
  }

  /** The couriers of the hub picked, by name. */
  get couriers(): Courier[] {
    return this.allCouriers
      .filter((c) => c.hubId === this.hubId)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Loads the map settings, hubs and couriers, picks the user's hub and today, and loads it. */
  async start(): Promise<void> {
    const [config, hubs, couriers] = await Promise.all([
      this.sources.config(),
      this.sources.hubs(),
      this.sources.couriers(),
    ]);
    this.config = config;
    // A user bound to a hub replays only that hub.
    this.hubs = this.user.hubId === null ? hubs : hubs.filter((h) => h.id === this.user.hubId);
    this.allCouriers = couriers;
    const hub = this.hubs[0];
    if (!hub) {
      this.status = 'no-hub';
      return;
    }
    this.hubId = hub.id;
    this.date = dateInZone(this.now(), hub.timezone);
    await this.load();
  }

  async pickHub(hubId: number): Promise<void> {
    this.hubId = hubId;
    this.courierId = null;
    await this.load();
  }

  async pickCourier(courierId: number | null): Promise<void> {
    this.courierId = courierId;
    await this.load();
  }

  async pickDate(date: string): Promise<void> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    this.date = date;
    await this.load();
  }

  /** Loads the replay for what is picked; starts paused at its first movement or event. */
  async load(): Promise<void> {
    const hub = this.hub;
    if (!hub || !this.date) return;
    const seq = ++this.loadSeq;
    const { from, to } = dayWindow(this.date, hub.timezone);
    this.status = 'loading';
    this.message = null;
    try {
      const replay = await this.sources.replay(
        this.courierId === null
          ? { hubId: hub.id, from, to }
          : { courierId: this.courierId, from, to },
      );
      if (seq !== this.loadSeq) return;
      const day = replayDay(replay);
      this.day = day;
      // Today's replay ends now: there is nothing recorded after it.
      const end = Math.min(day.to, Math.max(day.from + 60_000, this.now()));
      this.playback.reset(day.from, end, firstActivity(day));
      this.status = 'ready';
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.day = null;
      this.status = 'error';
      this.message = errorMessage(err);
    }
  }
}

/** When something first happens in a replay: its first fix or event, else its start. */
export function firstActivity(day: Pick<ReplayDay, 'from' | 'fixes' | 'events'>): number {
  let first = Infinity;
  for (const fixes of day.fixes.values()) if (fixes[0]) first = Math.min(first, fixes[0].t);
  if (day.events[0]) first = Math.min(first, day.events[0].at);
  return Number.isFinite(first) ? first : day.from;
}

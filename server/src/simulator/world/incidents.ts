import type { Rng } from '../../lib/rng';

/**
 * What goes wrong in a courier's day, drawn from distributions of how long such things last on
 * the street, not from the detectors' thresholds: a detector is then scored on cases it did not
 * shape, including the ones that barely cross (or barely miss) its thresholds. Several incidents
 * can run at once for one courier (a stop inside a crawl, the phone offline during a stop).
 */

export const WORLD_INCIDENT_KINDS = [
  'stop',
  'crawl',
  'phone_in_vehicle',
  'offline',
  'lunch',
] as const;
export type WorldIncidentKind = (typeof WORLD_INCIDENT_KINDS)[number];

/** Poisson kinds: expected starts per courier per hour of shift; 0 disables one. */
export type WorldIncidentRates = Record<Exclude<WorldIncidentKind, 'lunch'>, number>;

export interface WorldIncidentOptions {
  rates: WorldIncidentRates;
  /** One lunch break per courier and day when true. */
  lunch: boolean;
  /** Offset of local time from UTC, to place lunch between 11:30 and 13:30 local. */
  utcOffsetMinutes: number;
}

export const NO_WORLD_INCIDENTS: WorldIncidentOptions = {
  rates: { stop: 0, crawl: 0, phone_in_vehicle: 0, offline: 0 },
  lunch: false,
  utcOffsetMinutes: 0,
};

/** One incident as it truly happened: the ground-truth log line. `from`/`to` are epoch ms. */
export interface WorldIncident {
  kind: WorldIncidentKind;
  courierId: number;
  from: number;
  /** Planned end until the incident ends; a phone-in-vehicle ends when the courier is back. */
  to: number;
  /** Crawl: the speed the courier creeps at. */
  crawlMps?: number;
  /** Offline: the phone is off (records nothing) rather than out of network (queues fixes). */
  phoneOff?: boolean;
  /** Phone in vehicle: how long the courier means to be away from the vehicle. */
  awayMinutes?: number;
  /** Phone in vehicle: where the vehicle, and the phone in it, stay. */
  parkedAt?: { lat: number; lng: number };
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Log-normal with the given median and spread (sigma of the log), clipped to [min, max]. */
export function clippedLogNormal(
  rng: Rng,
  median: number,
  sigma: number,
  min: number,
  max: number,
): number {
  return Math.min(max, Math.max(min, median * Math.exp(rng.normal(0, sigma))));
}

/**
 * Duration draws, in minutes. Unplanned stops: median 6 min, long tail (a chat, a call, a coffee)
 * up to 40. Offline: median 4 min (a dead zone, a reboot) up to 40 (a flat battery swapped).
 */
export const DURATIONS = {
  stopMinutes: (rng: Rng) => clippedLogNormal(rng, 6, 0.8, 1, 40),
  crawlMinutes: (rng: Rng) => rng.range(5, 25),
  crawlMps: (rng: Rng) => rng.range(0.3, 2),
  awayMinutes: (rng: Rng) => rng.range(10, 30),
  offlineMinutes: (rng: Rng) => clippedLogNormal(rng, 4, 1, 1, 40),
  /** A third of offline spells are a phone switched off; the rest lose the network and queue. */
  phoneOff: (rng: Rng) => rng.chance(1 / 3),
  lunchMinutes: (rng: Rng) => rng.range(20, 45),
  /** Lunch starts between 11:30 and 13:30 local, as minutes after local midnight. */
  lunchStartMinuteOfDay: (rng: Rng) => rng.range(11.5 * 60, 13.5 * 60),
};

/** What the courier is doing when incidents may start. */
export interface IncidentContext {
  /** Driving (or riding) towards a stop: stops, crawls, lunch start only then. */
  driving: boolean;
  /**
   * Where the vehicle stands when the courier has just parked it and walks to the next stop's
   * door (a phone-in-vehicle starts only then); null otherwise.
   */
  parkedForStop: { lat: number; lng: number } | null;
}

export interface WorldIncidentUpdate {
  started: WorldIncident[];
  ended: WorldIncident[];
}

/**
 * The incident schedule of one courier. Each kind runs at most once at a time; different kinds
 * overlap freely, except that a stop, a crawl or lunch do not start while the courier is away from
 * a parked vehicle (on foot), and a phone-in-vehicle only starts as the courier leaves the vehicle
parked for a stop.
 */
export class WorldIncidentScheduler {
  private readonly nextDueMs = new Map<WorldIncidentKind, number>();
  private readonly current = new Map<WorldIncidentKind, WorldIncident>();

  constructor(
    private readonly courierId: number,
    private readonly options: WorldIncidentOptions,
    private readonly rng: Rng,
    nowMs: number,
  ) {
    for (const kind of WORLD_INCIDENT_KINDS) if (kind !== 'lunch') this.scheduleNext(kind, nowMs);
    if (options.lunch) this.nextDueMs.set('lunch', lunchStartMs(nowMs, options, rng));
  }

  /** The incidents under way. */
  get active(): readonly WorldIncident[] {
    return [...this.current.values()];
  }

  activeOf(kind: WorldIncidentKind): WorldIncident | undefined {
    return this.current.get(kind);
  }

  /** Ends incidents whose time is up and starts the ones due that the context allows. */
  update(nowMs: number, context: IncidentContext): WorldIncidentUpdate {
    const ended: WorldIncident[] = [];
    for (const [kind, incident] of this.current) {
      if (kind !== 'phone_in_vehicle' && nowMs >= incident.to) ended.push(this.end(kind, nowMs));
    }
    const started: WorldIncident[] = [];
    for (const [kind, due] of this.nextDueMs) {
      if (due > nowMs || this.current.has(kind) || !this.allows(kind, context)) continue;
      const incident = this.begin(kind, nowMs, context);
      this.current.set(kind, incident);
      started.push(incident);
      if (kind === 'lunch') this.nextDueMs.delete(kind);
      else this.scheduleNext(kind, nowMs);
    }
    return { started, ended };
  }

  /**
   * Ends an incident that ends on an event rather than a clock (the courier back at the vehicle).
   * Null when it was not under way.
   */
  finish(kind: WorldIncidentKind, nowMs: number): WorldIncident | null {
    return this.current.has(kind) ? this.end(kind, nowMs) : null;
  }

  /** Ends everything under way (at shutdown) with its real end. */
  interruptAll(nowMs: number): WorldIncident[] {
    return [...this.current.keys()].map((kind) => this.end(kind, nowMs));
  }

  private end(kind: WorldIncidentKind, nowMs: number): WorldIncident {
    const incident = { ...this.current.get(kind)!, to: nowMs };
    this.current.delete(kind);
    return incident;
  }

  private allows(kind: WorldIncidentKind, context: IncidentContext): boolean {
    if (kind === 'offline') return true;
    if (this.current.has('phone_in_vehicle')) return false;
    if (kind === 'phone_in_vehicle') return context.parkedForStop !== null;
    if (!context.driving) return false;
    return !this.current.has('lunch') && !(kind === 'lunch' && this.current.has('stop'));
  }

  private begin(kind: WorldIncidentKind, nowMs: number, context: IncidentContext): WorldIncident {
    const base = { kind, courierId: this.courierId, from: nowMs };
    const minutes = (m: number): number => nowMs + Math.round(m * MINUTE_MS);
    switch (kind) {
      case 'stop':
        return { ...base, to: minutes(DURATIONS.stopMinutes(this.rng)) };
      case 'crawl':
        return {
          ...base,
          to: minutes(DURATIONS.crawlMinutes(this.rng)),
          crawlMps: DURATIONS.crawlMps(this.rng),
        };
      case 'offline':
        return {
          ...base,
          to: minutes(DURATIONS.offlineMinutes(this.rng)),
          phoneOff: DURATIONS.phoneOff(this.rng),
        };
      case 'lunch':
        return { ...base, to: minutes(DURATIONS.lunchMinutes(this.rng)) };
      case 'phone_in_vehicle': {
        const awayMinutes = DURATIONS.awayMinutes(this.rng);
        const parkedAt = context.parkedForStop ?? undefined;
        return { ...base, to: minutes(awayMinutes), awayMinutes, parkedAt };
      }
    }
  }

  private scheduleNext(kind: Exclude<WorldIncidentKind, 'lunch'>, afterMs: number): void {
    const rate = this.options.rates[kind];
    if (rate > 0) this.nextDueMs.set(kind, afterMs + this.rng.exponential(HOUR_MS / rate));
    else this.nextDueMs.delete(kind);
  }
}

/** The first lunch start (11:30–13:30 local) at or after `nowMs`'s local day. */
export function lunchStartMs(nowMs: number, options: WorldIncidentOptions, rng: Rng): number {
  const offsetMs = options.utcOffsetMinutes * MINUTE_MS;
  const dayMs = 24 * HOUR_MS;
  const localMidnight = Math.floor((nowMs + offsetMs) / dayMs) * dayMs - offsetMs;
  const start = localMidnight + DURATIONS.lunchStartMinuteOfDay(rng) * MINUTE_MS;
  return start >= nowMs ? start : start + dayMs;
}

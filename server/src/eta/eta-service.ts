import { setImmediate as nextTurn } from 'node:timers/promises';
import { NO_HUB, OPEN_STOP_STATUSES, type StopChange, type Vehicle } from '@dispatch/shared';
import { soleOwner, type HubOwnership } from '../cluster/hub-ownership';
import type { DomainBus } from '../events/bus';
import type { CourierRoster, RosterEntry } from '../fleet/courier-roster';
import type { StreetNetwork } from '../streets/network';
import type { CourierFix } from './courier-track';
import { LearnedSpeedProvider } from './learned-speed-provider';
import { LearnedSpeeds } from './learned-speeds';
import { RoadGraphProvider } from './road-graph-provider';
import { routeEtas, type EtaStop } from './route-etas';
import type { GeoPoint, TravelTimeProvider } from './travel-time';

const MINUTE_MS = 60_000;
/** A stored ETA is rewritten only when it moves by this much. */
const ETA_CHANGE_MS = 30_000;
/** ETAs written per pass at most: a large fleet's refresh is spread over several passes. */
const MAX_ETA_WRITES_PER_FLUSH = 5_000;
/**
 * ETAs written per statement, with a turn of the event loop between statements: an embedded
 * database runs a statement inside the calling turn, at 30–80 µs a row.
 */
const ETA_WRITES_PER_STATEMENT = 100;
/** Predictions looked at per turn at most (a first pass at 10,000 couriers leaves 50,000). */
const PREDICTIONS_PER_TURN = 5_000;
const MODEL_SAVE_MS = 5 * MINUTE_MS;
/**
 * At start, the fixes stored since the model was saved are learned again, but none older than
 * this: a model is saved every 5 minutes, so this covers a crash and a quick restart, and keeps
 * the read bounded after a long outage or without a saved model (older fixes then go unlearned).
 */
const REPLAY_AT_MOST_MS = 2 * MODEL_SAVE_MS;
const SPEEDS_MODEL = 'learned_speeds';

/** A predicted arrival to store. */
export interface EtaUpdate {
  stopId: number;
  eta: number;
}

/** Where predicted arrivals are stored (the stops table). */
export interface EtaStore {
  /**
   * Stores new ETAs of one hub's open stops (`hubId` null: stops without a hub) in one
   * statement, fenced by the hub: false when this node no longer holds the hub and nothing was
   * written.
   */
  saveEtas(updates: readonly EtaUpdate[], hubId: number | null): Promise<boolean>;
}

/** Where learned models are kept between runs. */
export interface ModelStore {
  /** The model last saved under `name`, and when (epoch ms); null when there is none. */
  load(name: string): Promise<{ data: unknown; savedAt: number } | null>;
  save(name: string, data: unknown): Promise<void>;
}

/** A durable fix of a courier, as the learned speeds read it. */
export interface ObservedFix extends CourierFix {
  courierId: number;
}

/** A stored fix with the time the server received it (its batch's arrival). */
export interface ReceivedFix extends ObservedFix {
  receivedAt: number;
}

/** What an arrival estimate is asked for: where the courier is, and its open stops in order. */
export interface ArrivalQuery {
  position: GeoPoint | null;
  at: number;
  vehicle: Vehicle;
  stops: readonly Omit<EtaStop, 'windowStart'>[];
}

export interface EtaServiceDeps {
  roster: CourierRoster;
  store: EtaStore;
  models: ModelStore;
  /**
   * Durable fixes received since `sinceMs`, with when each was received, flagged ones left
   * out: what was learned after the last save is learned again at start, in the order it was.
   */
  fixesSince: (sinceMs: number) => Promise<readonly ReceivedFix[]>;
  bus: DomainBus;
  log: { error: (o: object, msg: string) => void; info?: (o: object, msg: string) => void };
  /**
   * Which hubs' stored ETAs this node writes (absent: a node alone, every hub). Learning and
   * predicting run on every node: every node has every fix.
   */
  ownership?: HubOwnership;
  /** A real road network (`--osm`): ETAs follow its streets. Without it, learned straight-line speeds. */
  roads?: StreetNetwork | null;
}

/**
 * The live ETA model: picks the travel-time provider (road graph or learned straight lines),
 * learns speeds from durable fixes and keeps them across restarts, predicts arrivals along
 * couriers' routes, and stores the predictions that moved (announcing them as `etas:changed`).
 *
 * In a cluster only the owner of a stop's hub stores its ETAs, each write fenced by the hub; the
 * others follow the stored ETAs through `etas:changed`, so a node gaining a hub compares its
 * predictions with what its old owner stored and carries on. The learned speeds are saved by
 * every node as a whole snapshot (last one wins): every node learns from the same fixes, so any
 * node's snapshot is as good as another's and no write can leave a mixed one.
 */
export class EtaService {
  readonly speeds = new LearnedSpeeds();
  readonly provider: TravelTimeProvider;
  /** Stop → the ETA last stored (or loaded). */
  private readonly storedEta = new Map<number, number | null>();
  /** ETAs predicted since the last flush, by stop. */
  private readonly predicted = new Map<number, number>();
  private readonly unsubscribe: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly ownership: HubOwnership;

  constructor(private readonly deps: EtaServiceDeps) {
    this.ownership = deps.ownership ?? soleOwner('local');
    const learned = new LearnedSpeedProvider(this.speeds);
    this.provider = deps.roads
      ? new RoadGraphProvider(deps.roads, this.speeds, { fallback: learned })
      : learned;
  }

  /**
   * Restores the learned speeds and learns again from the fixes stored since they were saved
   * (a crash loses nothing learned from durable fixes), follows the roster's routes, and saves
   * the speeds now and then.
   */
  async start(): Promise<void> {
    await this.restoreSpeeds();
    const { roster, bus } = this.deps;
    for (const entry of roster.all()) this.rememberStored(entry);
    roster.subscribe({ routeReplaced: (entry) => this.rememberStored(entry) });
    this.unsubscribe.push(
      bus.on('stops:changed', (changes) => {
        for (const change of changes) {
          if (!OPEN_STOP_STATUSES.includes(change.status)) this.storedEta.delete(change.id);
        }
      }),
      // Every node's stored ETAs, this node's own included: the owner's writes keep the others' view.
      bus.on('etas:changed', (changes) => this.noteStored(changes)),
    );
    this.timer = setInterval(() => void this.saveSpeeds(), MODEL_SAVE_MS);
    this.timer.unref();
  }

  /** Stops following changes and stores what was learned. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
    await this.saveSpeeds();
  }

  /** Durable fixes, in commit order: each rostered courier's movement teaches the speeds. */
  observe(fixes: readonly ObservedFix[]): void {
    for (const f of fixes) {
      const entry = this.deps.roster.get(f.courierId);
      if (!entry) continue;
      this.speeds.observe(f.courierId, entry.vehicle, {
        t: f.t,
        lat: f.lat,
        lng: f.lng,
        accuracyMeters: f.accuracyMeters,
      });
    }
  }

  /**
   * Predicted arrival (epoch ms) per stop of one courier's route, in route order (NaN without a
   * position); the predictions are kept for the next `flush`.
   */
  readonly estimateArrivals = ({ position, at, vehicle, stops }: ArrivalQuery): number[] => {
    if (!position) return stops.map(() => Number.NaN);
    const first = stops[0];
    const courierId = first ? this.deps.roster.ownerOf(first.id) : undefined;
    const route = courierId === undefined ? [] : (this.deps.roster.get(courierId)?.route ?? []);
    const windowStart = new Map(route.map((s) => [s.id, s.windowStart]));
    const etas = routeEtas(
      this.provider,
      { lat: position.lat, lng: position.lng, at },
      vehicle,
      stops.map((s) => ({ ...s, windowStart: windowStart.get(s.id) ?? 0 })),
      courierId,
    );
    const byStop = new Map(etas.map((e) => [e.stopId, e.arriveAt]));
    const out = stops.map((s) => byStop.get(s.id) ?? Number.NaN);
    stops.forEach((s, i) => {
      if (Number.isFinite(out[i])) this.predicted.set(s.id, out[i]!);
    });
    return out;
  };

  /**
   * Stores the predictions that moved by 30 s or more for stops of the hubs this node owns, and
   * tells consoles: a hundred per statement (one hub's each), with a turn of the event loop in
   * between. At most 5,000 per flush, so a large fleet's refresh is written over several passes
   * rather than in one go that holds the database (and, embedded, the event loop) for long.
   */
  async flush(): Promise<void> {
    let written = 0;
    while (this.predicted.size > 0 && written < MAX_ETA_WRITES_PER_FLUSH) {
      const batch = this.takeMovedEtas(
        Math.min(ETA_WRITES_PER_STATEMENT, MAX_ETA_WRITES_PER_FLUSH - written),
      );
      for (const [hubId, updates] of batch) {
        if (await this.save(hubId, updates)) this.announce(updates);
        written += updates.length;
      }
      if (this.predicted.size > 0 && written < MAX_ETA_WRITES_PER_FLUSH) await nextTurn();
    }
  }

  /** Stores one hub's ETAs; false when the hub is no longer this node's (nothing written). */
  private async save(hubId: number | null, updates: readonly EtaUpdate[]): Promise<boolean> {
    const stored = await this.deps.store.saveEtas(updates, hubId);
    if (!stored) {
      this.deps.log.info?.({ hubId, stops: updates.length }, 'ETAs not stored: the hub moved on');
    }
    return stored;
  }

  /**
   * Up to `max` predictions that moved enough to store, by hub, taken from those since the last
   * flush; the ones looked at that did not move, or whose hub another node owns, are forgotten.
   */
  private takeMovedEtas(max: number): Map<number | null, EtaUpdate[]> {
    const { roster } = this.deps;
    const byHub = new Map<number | null, EtaUpdate[]>();
    let taken = 0;
    let looked = 0;
    for (const [stopId, eta] of this.predicted) {
      if (taken >= max || looked++ >= PREDICTIONS_PER_TURN) break;
      this.predicted.delete(stopId);
      const stop = roster.ownerOf(stopId) === undefined ? undefined : roster.stop(stopId);
      if (!stop || !this.ownsHub(stop.hubId)) continue;
      const stored = this.storedEta.get(stopId);
      if (stored != null && Math.abs(stored - eta) < ETA_CHANGE_MS) continue;
      const updates = byHub.get(stop.hubId) ?? [];
      updates.push({ stopId, eta });
      byHub.set(stop.hubId, updates);
      taken++;
    }
    return byHub;
  }

  /**
   * Whether this node stores the ETAs of the hub's stops. Stops without a hub have no lease: a
   * node alone (which owns every hub) stores theirs, no node of a cluster does.
   */
  private ownsHub(hubId: number | null): boolean {
    return this.ownership.owns(hubId ?? NO_HUB);
  }

  /** Notes stored ETAs on the roster and announces them as `etas:changed`. */
  private announce(updates: readonly EtaUpdate[]): void {
    const { roster } = this.deps;
    const changes: StopChange[] = [];
    for (const u of updates) {
      this.storedEta.set(u.stopId, u.eta);
      const owner = roster.ownerOf(u.stopId);
      const stop = roster.stop(u.stopId);
      if (owner === undefined || !stop) continue;
      stop.eta = u.eta;
      changes.push({
        id: stop.id,
        hubId: stop.hubId,
        status: stop.status,
        courierId: owner,
        sequence: stop.sequence,
        eta: u.eta,
      });
    }
    if (changes.length > 0) this.deps.bus.emit('etas:changed', changes);
  }

  /** ETAs stored by any node: this node compares its predictions with them. */
  private noteStored(changes: readonly StopChange[]): void {
    const { roster } = this.deps;
    for (const change of changes) {
      if (change.eta === null) continue;
      this.storedEta.set(change.id, change.eta);
      const stop = roster.stop(change.id);
      if (stop) stop.eta = change.eta;
    }
  }

  private rememberStored(entry: RosterEntry): void {
    for (const s of entry.route) if (!this.storedEta.has(s.id)) this.storedEta.set(s.id, s.eta);
  }

  private async restoreSpeeds(): Promise<void> {
    let since = Date.now() - REPLAY_AT_MOST_MS;
    try {
      const stored = await this.deps.models.load(SPEEDS_MODEL);
      if (stored) {
        this.speeds.restore(stored.data);
        since = Math.max(since, stored.savedAt);
      }
    } catch (err) {
      this.deps.log.error(
        { err },
        'the stored travel speeds could not be read; starting from priors',
      );
    }
    try {
      // Learned again in the order they came in, couriers interleaved as they were live: the
      // speeds weigh recent samples most, so each courier's fixes in a row would tilt them.
      const fixes = [...(await this.deps.fixesSince(since))].sort(
        (a, b) => a.receivedAt - b.receivedAt || a.t - b.t,
      );
      this.observe(fixes);
    } catch (err) {
      this.deps.log.error({ err }, 'the fixes since the speeds were saved could not be read');
    }
  }

  private async saveSpeeds(): Promise<void> {
    try {
      await this.deps.models.save(SPEEDS_MODEL, this.speeds.snapshot());
    } catch (err) {
      this.deps.log.error({ err }, 'storing the learned travel speeds failed');
    }
  }
}

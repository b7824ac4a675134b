import {
  VEHICLES,
  type AlertView,
  type StopChange,
  type StopStatus,
  type Vehicle,
} from '@dispatch/shared';
import type { AlertService } from '../alerts/alert-service';
import type { Config } from '../config';
import type { Database } from '../db/client';
import {
  DetectionEngine,
  detectionConfig,
  type ArrivalEstimator,
  type DetectionConfigOverrides,
} from '../detect';
import type { DetectStop, Finding, Signal, SignalSubject } from '../detect/types';
import {
  LearnedSpeedProvider,
  LearnedSpeeds,
  RoadGraphProvider,
  routeEtas,
  type TravelTimeProvider,
} from '../eta';
import type { CourierProfile, DomainBus } from '../events/bus';
import type { PingRow } from '../ingest/ping-rows';
import type { StreetNetwork } from '../streets/network';
import { AlertLifecycle, DETECTED_KINDS } from './alert-lifecycle';
import { parseDetectionRules } from './detection-rules';
import {
  MonitorStore,
  type MonitoredCourier,
  type MonitoredStop,
  type StoredStop,
} from './monitor-store';
import { shiftWindowAt } from './shift-window';

const MINUTE_MS = 60_000;
/** Fixes loaded on start to rebuild motion: longer than any dwell the detectors judge. */
const MOTION_HISTORY_MS = 20 * MINUTE_MS;
/** A stored ETA is rewritten only when it moves by this much. */
const ETA_CHANGE_MS = 30_000;
const ESCALATION_CHECK_MS = 5_000;
const MAX_ETA_WRITES_PER_TICK = 5_000;
const SHIFT_REFRESH_MS = 10 * MINUTE_MS;
const MODEL_SAVE_MS = 5 * MINUTE_MS;
const SPEEDS_MODEL = 'learned_speeds';

type Log = {
  info: (o: object, msg: string) => void;
  error: (o: object, msg: string) => void;
};

/** What the monitor holds per courier: its profile and open route as last loaded. */
export interface CourierMeta {
  profile: MonitoredCourier;
  vehicle: Vehicle;
  route: MonitoredStop[];
}

export interface MonitorDeps {
  config: Config;
  db: Database;
  alerts: AlertService;
  bus: DomainBus;
  log: Log;
  /** A real road network (`--osm`): ETAs follow its streets. Without it, learned straight-line speeds. */
  roads?: StreetNetwork | null;
}

/**
 * The live judgement loop: feeds committed fixes, routes and completions to the detection engine
 * and the learned speeds, ticks the engine, turns its signals into stored alerts, stores the ETAs
 * it predicted, and escalates alerts nobody acknowledged.
 */
export class MonitorService {
  readonly engine: DetectionEngine;
  readonly speeds = new LearnedSpeeds();
  readonly provider: TravelTimeProvider;
  private readonly store: MonitorStore;
  private readonly lifecycle: AlertLifecycle;
  private readonly couriers = new Map<number, CourierMeta>();
  /** Stop → the ETA last stored (or loaded). */
  private readonly storedEta = new Map<number, number | null>();
  /** ETAs predicted since the last tick's write, by stop. */
  private readonly predicted = new Map<number, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private ticking = false;
  private stopped = false;
  private lastTickAt = 0;
  private readonly tickWaiters: (() => void)[] = [];

  constructor(private readonly deps: MonitorDeps) {
    this.store = new MonitorStore(deps.db);
    const learned = new LearnedSpeedProvider(this.speeds);
    this.provider = deps.roads
      ? new RoadGraphProvider(deps.roads, this.speeds, { fallback: learned })
      : learned;
    this.engine = new DetectionEngine({
      config: detectionConfig(detectionOverrides(deps.config)),
      estimateArrivals: this.estimateArrivals,
    });
    this.lifecycle = new AlertLifecycle(
      deps.alerts,
      (err, signal) =>
        deps.log.error(
          { err, kind: signal.kind, subject: signal.subject },
          'storing an alert failed',
        ),
      deps.config.ALERT_REFRESH_S * 1000,
    );
  }

  /** Loads state from the database and starts the timers. */
  async start(): Promise<void> {
    const { config, bus } = this.deps;
    const now = Date.now();
    await this.restoreSpeeds();
    for (const hub of await this.store.hubTargets()) this.engine.setHubTarget(hub.id, hub.target);
    for (const c of await this.store.couriers()) if (c.active) this.upsert(c, now);
    const routes = await this.store.openRoutes();
    for (const [courierId, stops] of routes) this.setRoute(courierId, stops);
    const fixes = await this.store.recentFixes(now - MOTION_HISTORY_MS);
    for (const f of fixes) {
      this.engine.onFixes(f.courierId, [f], f.receivedAt);
    }
    for (const c of await this.store.completionsSince(now - 60 * MINUTE_MS)) {
      this.engine.onStopCompleted(c.hubId, c);
    }
    await this.lifecycle.load();
    for (const alert of await this.deps.alerts.list({
      status: 'open',
      kind: ['failed_attempt'],
      limit: 100_000,
    })) {
      if (alert.stopId !== null) this.failedStops.add(alert.stopId);
    }
    for (const alert of await this.deps.alerts.list({ status: 'open', limit: 1_000_000 })) {
      this.restore(alert);
    }

    this.timers.push(
      setInterval(() => void this.tick(), config.DETECT_TICK_MS),
      setInterval(
        () => void this.escalate(),
        Math.min(ESCALATION_CHECK_MS, config.ESCALATE_AFTER_S * 1000),
      ),
      setInterval(() => this.refreshShifts(Date.now()), SHIFT_REFRESH_MS),
      setInterval(() => void this.saveSpeeds(), MODEL_SAVE_MS),
    );
    for (const t of this.timers) t.unref();

    bus.on('routes:changed', (ids) => void this.reloadRoutes(ids));
    bus.on('stops:changed', (changes) => this.onStopsChanged(changes));
    bus.on('courier:changed', (courier) => void this.onCourierChanged(courier));
    bus.on('hub:changed', (hub) => this.engine.setHubTarget(hub.id, hub.onTimeTarget));
  }

  /** Stops the timers and stores what was learned; waits for queued alert writes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const resolve of this.tickWaiters.splice(0)) resolve();
    await this.lifecycle.settled();
    await this.saveSpeeds();
  }

  /** Durable fixes, in commit order (wired as a ping writer commit callback). */
  onCommitted(rows: readonly PingRow[]): void {
    for (const r of rows) {
      const meta = this.couriers.get(r.courierId);
      if (!meta) continue;
      const fix = { t: r.t, lat: r.lat, lng: r.lng, accuracyMeters: r.accuracyMeters };
      this.engine.onFixes(r.courierId, [fix], r.receivedAt);
      this.speeds.observe(r.courierId, meta.vehicle, fix);
    }
  }

  /** One detection pass: signals to alerts, predicted ETAs to stops. */
  async tick(now = Date.now()): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      this.lastTickAt = now;
      const signals = this.engine.tick(now);
      const applied = this.lifecycle.apply(signals.map((s) => this.toAlertSignal(s)));
      await Promise.all([applied, this.writeEtas()]);
    } catch (err) {
      this.deps.log.error({ err }, 'detection tick failed');
    } finally {
      this.ticking = false;
      for (const resolve of this.tickWaiters.splice(0)) resolve();
    }
  }

  /** Milliseconds until the next detection pass is due (0 while one is due or running). */
  msUntilNextTick(now = Date.now()): number {
    if (this.ticking) return 0;
    return Math.max(0, this.lastTickAt + this.deps.config.DETECT_TICK_MS - now);
  }

  /**
   * Resolves when the running or next detection pass has finished (at the latest after two
   * tick intervals, or at once when the monitor is stopped): background work waits here so as
   * never to hold a pass up.
   */
  afterNextTick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const fallback = setTimeout(resolve, 2 * this.deps.config.DETECT_TICK_MS);
      fallback.unref();
      this.tickWaiters.push(() => {
        clearTimeout(fallback);
        resolve();
      });
    });
  }

  /** Escalates alerts left unacknowledged too long. */
  async escalate(now = Date.now()): Promise<AlertView[]> {
    try {
      return await this.deps.alerts.escalateOverdue(now, this.deps.config.ESCALATE_AFTER_S * 1000);
    } catch (err) {
      this.deps.log.error({ err }, 'escalating alerts failed');
      return [];
    }
  }

  /** Waits for the alert writes queued so far (tests and shutdown). */
  settled(): Promise<void> {
    return this.lifecycle.settled();
  }

  /** One monitored courier with its open route (read-only). */
  monitoredCourier(id: number): CourierMeta | undefined {
    return this.couriers.get(id);
  }

  /** One stop as stored now, on a route or not. */
  storedStop(id: number): Promise<StoredStop | null> {
    return this.store.stop(id);
  }

  /**
   * Makes sure the given active couriers are monitored with their current profiles (one created
   * or changed a moment ago may still be loading) and open routes; returns them.
   */
  async ensureMonitored(courierIds: readonly number[]): Promise<CourierMeta[]> {
    const missing = courierIds.filter((id) => !this.couriers.has(id));
    const now = Date.now();
    // Profiles are read again: a shift changed a moment ago may not have been loaded yet.
    for (const profile of await this.store.couriers(courierIds)) {
      if (profile.active) this.upsert(profile, now);
    }
    await this.reloadRoutes(missing.filter((id) => this.couriers.has(id)));
    return courierIds.flatMap((id) => this.couriers.get(id) ?? []);
  }

  /** Every monitored courier with its open route (read-only; for proposals). */
  monitoredCouriers(): IterableIterator<CourierMeta> {
    return this.couriers.values();
  }

  get monitoredCount(): number {
    return this.couriers.size;
  }

  get lastTick(): number {
    return this.lastTickAt;
  }

  private readonly estimateArrivals: ArrivalEstimator = ({ position, at, vehicle, stops }) => {
    if (!position) return stops.map(() => Number.NaN);
    const courierId = this.ownerOf(stops);
    const route = courierId === null ? [] : (this.couriers.get(courierId)?.route ?? []);
    const windowStart = new Map(route.map((s) => [s.id, s.windowStart]));
    const etas = routeEtas(
      this.provider,
      { lat: position.lat, lng: position.lng, at },
      vehicle,
      stops.map((s) => ({ ...s, windowStart: windowStart.get(s.id) ?? 0 })),
    );
    const byStop = new Map(etas.map((e) => [e.stopId, e.arriveAt]));
    const out = stops.map((s) => byStop.get(s.id) ?? Number.NaN);
    stops.forEach((s, i) => {
      if (Number.isFinite(out[i])) this.predicted.set(s.id, out[i]!);
    });
    return out;
  };

  private readonly stopOwner = new Map<number, number>();
  /** Stops whose failed-attempt alert is open. */
  private readonly failedStops = new Set<number>();

  private ownerOf(stops: readonly DetectStop[]): number | null {
    const first = stops[0];
    return first ? (this.stopOwner.get(first.id) ?? null) : null;
  }

  private upsert(profile: MonitoredCourier, now: number): void {
    const vehicle = asVehicle(profile.vehicle);
    const existing = this.couriers.get(profile.id);
    this.couriers.set(profile.id, { profile, vehicle, route: existing?.route ?? [] });
    this.engine.upsertCourier({
      id: profile.id,
      vehicle,
      hubId: profile.hubId,
      shift: shiftWindowAt(profile.shiftStartMinute, profile.shiftEndMinute, profile.timezone, now),
      lastReceivedAt: profile.lastPingAt,
    });
  }

  private setRoute(courierId: number, stops: MonitoredStop[]): void {
    const meta = this.couriers.get(courierId);
    if (!meta) return;
    for (const old of meta.route) {
      if (this.stopOwner.get(old.id) === courierId) this.stopOwner.delete(old.id);
    }
    meta.route = stops;
    for (const s of stops) {
      this.stopOwner.set(s.id, courierId);
      if (!this.storedEta.has(s.id)) this.storedEta.set(s.id, s.eta);
    }
    this.engine.setRoute(
      courierId,
      stops.map((s) => ({
        id: s.id,
        status: s.status,
        lat: s.lat,
        lng: s.lng,
        windowEnd: s.windowEnd,
        serviceSeconds: s.serviceSeconds,
        arrivedAt: s.arrivedAt,
        slaTier: s.slaTier,
      })),
    );
  }

  private async reloadRoutes(courierIds: readonly number[]): Promise<void> {
    try {
      const routes = await this.store.openRoutes(courierIds);
      for (const [courierId, stops] of routes) this.setRoute(courierId, stops);
    } catch (err) {
      this.deps.log.error({ err, courierIds }, 'reloading routes for detection failed');
    }
  }

  private onStopsChanged(changes: readonly StopChange[]): void {
    const touched = new Set<number>();
    for (const change of changes) {
      const owner = this.stopOwner.get(change.id);
      if (owner !== undefined) touched.add(owner);
      if (change.courierId !== null) touched.add(change.courierId);
      if (change.status === 'delivered') this.completed(change.id, change.status);
      if (!OPEN.has(change.status)) this.storedEta.delete(change.id);
      void this.failedAttempt(change);
    }
    if (touched.size > 0) void this.reloadRoutes([...touched]);
  }

  private completed(stopId: number, _status: StopStatus): void {
    const owner = this.stopOwner.get(stopId);
    const stop =
      owner === undefined
        ? undefined
        : this.couriers.get(owner)?.route.find((s) => s.id === stopId);
    if (!stop || stop.hubId === null) return;
    const completedAt = Date.now();
    this.engine.onStopCompleted(stop.hubId, { completedAt, onTime: completedAt <= stop.windowEnd });
  }

  /** A failed attempt opens an alert on its stop; the stop's next outcome or move resolves it. */
  private async failedAttempt(change: StopChange): Promise<void> {
    const subject = { courierId: null, stopId: change.id, hubId: null };
    if (change.status !== 'failed') {
      if (this.failedStops.delete(change.id)) {
        await this.lifecycle.apply([
          { kind: 'failed_attempt', subject, active: false, severity: 'info', details: {} },
        ]);
      }
      return;
    }
    try {
      const stop = await this.store.failedStop(change.id);
      if (!stop) return;
      this.failedStops.add(change.id);
      await this.lifecycle.apply([
        {
          kind: 'failed_attempt',
          subject: { courierId: stop.courierId, stopId: change.id, hubId: stop.hubId },
          active: true,
          severity: 'warning',
          details: { reason: stop.reason ?? 'no reason given', attempts: stop.attempts },
        },
      ]);
    } catch (err) {
      this.deps.log.error({ err, stopId: change.id }, 'raising a failed-attempt alert failed');
    }
  }

  private async onCourierChanged(courier: CourierProfile): Promise<void> {
    if (!courier.active) {
      this.couriers.delete(courier.id);
      this.engine.removeCourier(courier.id);
      return;
    }
    try {
      const [profile] = await this.store.couriers([courier.id]);
      if (profile) this.upsert(profile, Date.now());
    } catch (err) {
      this.deps.log.error({ err, courierId: courier.id }, 'loading a courier for detection failed');
    }
  }

  private refreshShifts(now: number): void {
    for (const meta of this.couriers.values()) this.upsert(meta.profile, now);
  }

  /** Puts an open alert back under the engine's watch after a restart. */
  private restore(alert: AlertView): void {
    if (!DETECTED_KINDS.has(alert.kind) || alert.kind === 'failed_attempt') return;
    const subject: SignalSubject = {};
    if (alert.kind === 'hub_sla') subject.hubId = alert.hubId ?? undefined;
    else if (alert.stopId !== null) subject.stopId = alert.stopId;
    else if (alert.courierId !== null) subject.courierId = alert.courierId;
    // The stored details are what the engine wrote for this kind when it opened the alert.
    const finding = {
      kind: alert.kind,
      severity: alert.severity,
      details: alert.details,
    } as unknown as Finding;
    this.engine.restoreCondition(finding, subject);
  }

  private toAlertSignal(signal: Signal) {
    const { subject } = signal;
    const details = signal.details as unknown as Record<string, unknown>;
    const courierId =
      subject.courierId ?? (typeof details.courierId === 'number' ? details.courierId : null);
    const hubId =
      subject.hubId ??
      (subject.stopId !== undefined ? this.hubOfStop(subject.stopId, courierId) : null) ??
      (courierId !== null ? (this.couriers.get(courierId)?.profile.hubId ?? null) : null);
    return {
      kind: signal.kind,
      subject: { courierId, stopId: subject.stopId ?? null, hubId },
      active: signal.active,
      severity: signal.severity,
      details,
    };
  }

  private hubOfStop(stopId: number, courierId: number | null): number | null {
    const owner = courierId ?? this.stopOwner.get(stopId);
    const stop =
      owner == null ? undefined : this.couriers.get(owner)?.route.find((s) => s.id === stopId);
    return stop?.hubId ?? null;
  }

  private async writeEtas(): Promise<void> {
    if (this.predicted.size === 0) return;
    const updates: { stopId: number; eta: number }[] = [];
    // At most so many per tick: a large fleet's refresh is written over several ticks, never in
    // one statement that holds the database (and, embedded, the event loop) for seconds.
    for (const [stopId, eta] of this.predicted) {
      if (updates.length >= MAX_ETA_WRITES_PER_TICK) break;
      this.predicted.delete(stopId);
      const stored = this.storedEta.get(stopId);
      if (!this.stopOwner.has(stopId)) continue;
      if (stored == null || Math.abs(stored - eta) >= ETA_CHANGE_MS) updates.push({ stopId, eta });
    }
    if (updates.length === 0) return;
    await this.store.saveEtas(updates);
    const changes: StopChange[] = [];
    for (const u of updates) {
      this.storedEta.set(u.stopId, u.eta);
      const owner = this.stopOwner.get(u.stopId)!;
      const stop = this.couriers.get(owner)?.route.find((s) => s.id === u.stopId);
      if (!stop) continue;
      stop.eta = u.eta;
      changes.push({
        id: stop.id,
        status: stop.status,
        courierId: owner,
        sequence: stop.sequence,
        eta: u.eta,
      });
    }
    if (changes.length > 0) this.deps.bus.emit('etas:changed', changes);
  }

  private async restoreSpeeds(): Promise<void> {
    try {
      const snapshot = await this.store.loadModel(SPEEDS_MODEL);
      if (snapshot) this.speeds.restore(snapshot);
    } catch (err) {
      this.deps.log.error(
        { err },
        'the stored travel speeds could not be read; starting from priors',
      );
    }
  }

  private async saveSpeeds(): Promise<void> {
    try {
      await this.store.saveModel(SPEEDS_MODEL, this.speeds.snapshot());
    } catch (err) {
      this.deps.log.error({ err }, 'storing the learned travel speeds failed');
    }
  }
}

/** The thresholds in the environment, with `DETECTION_RULES` on top. */
function detectionOverrides(config: Config): DetectionConfigOverrides {
  const rules = parseDetectionRules(config.DETECTION_RULES);
  return {
    ...rules,
    courier: {
      stallMinutes: config.STALL_AFTER_S / 60,
      offlineSeconds: config.OFFLINE_AFTER_S,
      ...rules.courier,
    },
  };
}

const OPEN = new Set<StopStatus>(['unassigned', 'assigned', 'en_route', 'arrived']);

function asVehicle(value: string): Vehicle {
  return (VEHICLES as readonly string[]).includes(value) ? (value as Vehicle) : 'car';
}

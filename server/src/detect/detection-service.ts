import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StopChange } from '@dispatch/shared';
import type { DomainBus } from '../events/bus';
import type { CourierRoster } from '../fleet/courier-roster';
import type { DetectionConfig } from './config';
import { DetectionEngine } from './engine';
import {
  EVERY_HUB_OWNED,
  type AlertSink,
  type ArrivalSource,
  type DetectionHistory,
  type OwnedHubs,
} from './detection-ports';
import { detectCourier, detectStop, OwnedCouriers } from './owned-couriers';
import { DEFAULT_PASS_SLICING, sliceEnd, type PassSlicing } from './pass-slicing';
import type { AlertSignal, MotionFix, Signal } from './types';

const SHIFT_REFRESH_MS = 10 * 60_000;
/**
 * Signals handed to the alerts at a time. Each may be a write, which an embedded database does
 * inside the calling turn of the event loop in up to several milliseconds.
 */
const SIGNALS_PER_BATCH = 1;

export type {
  AlertSink,
  ArrivalSource,
  Completion,
  DetectionHistory,
  HistoryScope,
  OwnedHubs,
  StoredFix,
} from './detection-ports';

export interface DetectionServiceDeps {
  config: DetectionConfig;
  /** How often a detection pass runs (`DETECT_TICK_MS`). */
  tickMs: number;
  roster: CourierRoster;
  arrivals: ArrivalSource;
  alerts: AlertSink;
  history: DetectionHistory;
  /**
   * Which hubs' couriers this node judges (every hub when not given): others' fixes are
   * ignored, and a hub gained or lost moves its couriers into or out of the engine.
   */
  ownership?: OwnedHubs;
  bus: DomainBus;
  log: { error: (o: object, msg: string) => void };
  /** How a pass is cut into turns of the event loop (defaults suit 10,000 couriers). */
  slicing?: PassSlicing;
}

/**
 * The detection loop: feeds the roster's couriers and routes, durable fixes and completions to
 * the detection engine, runs a pass every tick, and hands its signals (resolved to the stored
 * alert's subject) to the alerts and its predicted arrivals to the ETA model. A pass runs a
 * slice of couriers per turn of the event loop, so pings and sockets are served in between.
 */
export class DetectionService {
  readonly engine: DetectionEngine;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private ticking = false;
  /** The pass under way, for `settled` and `stop` to wait on. */
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly slicing: PassSlicing;
  private lastTickAt = 0;
  private readonly tickWaiters: (() => void)[] = [];
  private readonly ownership: OwnedHubs;
  private readonly owned: OwnedCouriers;

  constructor(private readonly deps: DetectionServiceDeps) {
    this.slicing = deps.slicing ?? DEFAULT_PASS_SLICING;
    this.engine = new DetectionEngine({
      config: deps.config,
      estimateArrivals: deps.arrivals.estimateArrivals,
    });
    this.ownership = deps.ownership ?? EVERY_HUB_OWNED;
    this.owned = new OwnedCouriers({
      engine: this.engine,
      roster: deps.roster,
      history: deps.history,
      ownership: this.ownership,
      log: deps.log,
    });
  }

  /**
   * The safety margin on window ends late risk is judged with (`lateRisk.windowMarginMinutes`):
   * suggestions weigh moves against the same working window ends.
   */
  get windowMarginMinutes(): number {
    return this.engine.config.lateRisk.windowMarginMinutes;
  }

  /**
   * Loads what the engine needs (the couriers of the hubs this node owns) from the roster and
   * the database, then follows the roster and hub ownership and starts the passes.
   */
  async start(): Promise<void> {
    const { roster, history, bus, tickMs } = this.deps;
    for (const hub of await history.hubTargets()) this.engine.setHubTarget(hub.id, hub.target);
    await this.owned.start(Date.now());

    roster.subscribe({
      courierUpdated: (entry) => this.owned.courierUpdated(entry, Date.now()),
      courierRemoved: (id) => this.owned.courierRemoved(id),
      routeReplaced: (entry) => this.engine.setRoute(entry.profile.id, entry.route.map(detectStop)),
    });
    this.unsubscribe.push(
      this.ownership.subscribe({
        gained: (hubId) => void this.owned.gain(hubId),
        lost: (hubId) => this.owned.lose(hubId),
      }),
      bus.on('stops:changed', (changes) => this.onStopsChanged(changes)),
      bus.on('hub:changed', (hub) => this.engine.setHubTarget(hub.id, hub.onTimeTarget)),
    );
    this.timers.push(
      setInterval(() => void this.tick(), tickMs),
      setInterval(() => this.refreshShifts(Date.now()), SHIFT_REFRESH_MS),
    );
    for (const t of this.timers) t.unref();
  }

  /** Stops the passes; waits for the pass under way and the alert writes queued so far. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const off of this.unsubscribe.splice(0)) off();
    for (const resolve of this.tickWaiters.splice(0)) resolve();
    await this.running;
    await this.deps.alerts.settled();
  }

  /** Durable fixes, in commit order (wired as a ping writer commit callback). */
  onCommitted(rows: readonly (MotionFix & { courierId: number; receivedAt: number })[]): void {
    for (const r of rows) {
      if (!this.owned.judges(r.courierId) || this.owned.holdArriving(r)) continue;
      const fix = { t: r.t, lat: r.lat, lng: r.lng, accuracyMeters: r.accuracyMeters };
      this.engine.onFixes(r.courierId, [fix], r.receivedAt);
    }
  }

  /**
   * One detection pass: signals to alerts, predicted ETAs to stops. Every courier due is
   * evaluated, a slice per turn of the event loop.
   */
  async tick(now = Date.now()): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    this.running = this.pass(now);
    await this.running;
  }

  private async pass(now: number): Promise<void> {
    try {
      this.lastTickAt = now;
      const signals = (await this.evaluateInSlices(now)).map((s) => this.toAlertSignal(s));
      await Promise.all([this.applyInSlices(signals), this.deps.arrivals.flush()]);
    } catch (err) {
      this.deps.log.error({ err }, 'detection tick failed');
    } finally {
      this.ticking = false;
      this.running = null;
      for (const resolve of this.tickWaiters.splice(0)) resolve();
    }
  }

  /** The engine's pass, with a turn of the event loop after each slice of couriers. */
  private async evaluateInSlices(now: number): Promise<Signal[]> {
    const { engine } = this;
    const { couriersPerSlice, msPerSlice } = this.slicing;
    engine.beginPass(now);
    try {
      while (!engine.continuePass(sliceEnd(couriersPerSlice, msPerSlice))) await nextTurn();
    } catch (err) {
      engine.finishPass(); // the couriers not reached go to the next pass
      throw err;
    }
    return engine.finishPass();
  }

  /**
   * Hands the signals to the alerts a few at a time, with a turn of the event loop whenever a
   * slice's time is spent. Called even with none: held-back updates go out with it.
   */
  private async applyInSlices(signals: readonly AlertSignal[]): Promise<void> {
    let sliceStart = performance.now();
    let from = 0;
    do {
      await this.deps.alerts.apply(signals.slice(from, from + SIGNALS_PER_BATCH));
      from += SIGNALS_PER_BATCH;
      if (from < signals.length && performance.now() - sliceStart >= this.slicing.msPerSlice) {
        await nextTurn();
        sliceStart = performance.now();
      }
    } while (from < signals.length);
  }

  /** Milliseconds until the next detection pass is due (0 while one is due or running). */
  msUntilNextTick(now = Date.now()): number {
    if (this.ticking) return 0;
    return Math.max(0, this.lastTickAt + this.deps.tickMs - now);
  }

  /**
   * Resolves when the running or next detection pass has finished (at the latest after two
   * tick intervals, or at once when detection is stopped): background work waits here so as
   * never to hold a pass up.
   */
  afterNextTick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const fallback = setTimeout(resolve, 2 * this.deps.tickMs);
      fallback.unref();
      this.tickWaiters.push(() => {
        clearTimeout(fallback);
        resolve();
      });
    });
  }

  /** Waits for the pass under way, if any, and the alert writes queued so far. */
  async settled(): Promise<void> {
    await this.running;
    await this.deps.alerts.settled();
  }

  /** When the last pass started (epoch ms). */
  get lastTick(): number {
    return this.lastTickAt;
  }

  /** A delivered stop counts towards its hub's on-time rate. */
  private onStopsChanged(changes: readonly StopChange[]): void {
    for (const change of changes) {
      if (change.status !== 'delivered') continue;
      // The roster still holds the stop: its route is reloaded after this.
      const stop = this.deps.roster.stop(change.id);
      if (!stop || stop.hubId === null || !this.owned.ownsHub(stop.hubId)) continue;
      const completedAt = Date.now();
      this.engine.onStopCompleted(stop.hubId, {
        completedAt,
        onTime: completedAt <= stop.windowEnd,
      });
    }
  }

  private refreshShifts(now: number): void {
    for (const entry of this.deps.roster.all()) {
      if (this.owned.ownsHub(entry.profile.hubId))
        this.engine.upsertCourier(detectCourier(entry, now));
    }
  }

  private toAlertSignal(signal: Signal): AlertSignal {
    const { subject } = signal;
    const { roster } = this.deps;
    const details = signal.details as unknown as Record<string, unknown>;
    const courierId =
      subject.courierId ?? (typeof details.courierId === 'number' ? details.courierId : null);
    const stopHub =
      subject.stopId === undefined ? undefined : this.stopOf(subject.stopId, courierId)?.hubId;
    const hubId =
      subject.hubId ??
      stopHub ??
      (courierId !== null ? (roster.get(courierId)?.profile.hubId ?? null) : null);
    return {
      kind: signal.kind,
      subject: { courierId, stopId: subject.stopId ?? null, hubId },
      active: signal.active,
      severity: signal.severity,
      details,
    };
  }

  private stopOf(stopId: number, courierId: number | null) {
    const owner = courierId ?? this.deps.roster.ownerOf(stopId);
    return owner === undefined
      ? undefined
      : this.deps.roster.get(owner)?.route.find((s) => s.id === stopId);
  }
}

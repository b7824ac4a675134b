import { courierRulesFor, detectionConfig, type DetectionConfig } from './config';
import {
  adoptCondition,
  endOwnedConditions,
  openStallOf,
  resolveUnclaimed,
  restoredOwnerId,
} from './condition-owners';
import { ConditionBook, conditionKey } from './conditions';
import { judgeCourierRules, judgeStops } from './courier-evaluation';
import {
  createCourierRecord,
  noteReceived,
  refreshArrivals,
  replaceRoute,
  type CourierRecord,
} from './courier-record';
import { HeldInputs } from './held-inputs';
import { HubWatch } from './hub-watch';
import type { MotionState } from './motion';
import { MotionTracker } from './motion-tracker';
import { NEVER_END_SLICE, type SliceEnd } from './pass-slicing';
import { NO_TICK_STATS, passStats, type OpenPass, type TickStats } from './pass-stats';
import { settleConditions } from './settle-conditions';
import { SlotAllocator } from './slots';
import type {
  ArrivalEstimator,
  DetectCourier,
  DetectStop,
  Finding,
  MotionFix,
  Signal,
  SignalSubject,
} from './types';
import { WakeQueue } from './wake-queue';

export type { TickStats } from './pass-stats';

export interface DetectionEngineOptions {
  config?: DetectionConfig;
  /** Predicted arrivals for late risk; without it, late risk is not judged. */
  estimateArrivals?: ArrivalEstimator;
}

/**
 * Detection for the whole fleet, costing time in proportion to what changed: couriers with new
 * fixes, route changes or a due deadline are evaluated on the next `tick`; the rest are not
 * touched. Plain data in (`upsertCourier`, `onFixes`, `setRoute`, `onStopCompleted`), signals out.
 * A pass can also run a slice at a time (`beginPass`, `continuePass`, `finishPass`), with the
 * caller giving the event loop turns in between.
 */
export class DetectionEngine {
  readonly config: DetectionConfig;
  lastTickStats: TickStats = { ...NO_TICK_STATS };
  private readonly couriers = new Map<number, CourierRecord>();
  private readonly bySlot: (CourierRecord | undefined)[] = [];
  private readonly slots = new SlotAllocator();
  private readonly book = new ConditionBook();
  private readonly hubs: HubWatch;
  private readonly wakes = new WakeQueue();
  private readonly estimate: ArrivalEstimator | null;
  private dirty: CourierRecord[] = [];
  /** Stop conditions whose stop left a route: resolved at the end of the tick unless claimed. */
  private readonly released = new Map<string, number>();
  /** Signals decided between ticks (a courier removed), emitted with the next tick. */
  private pending: Signal[] = [];
  private readonly due: number[] = [];
  private pass: OpenPass | null = null;
  private readonly held = new HeldInputs();
  private readonly refreshMs: number;
  private readonly lateRiskOf = (stopId: number): Finding | null => this.book.lateRiskOf(stopId);

  constructor(options: DetectionEngineOptions = {}) {
    this.config = options.config ?? detectionConfig();
    this.estimate = options.estimateArrivals ?? null;
    this.hubs = new HubWatch(this.config.hubSla);
    this.refreshMs = this.config.lateRisk.etaRefreshSeconds * 1000;
  }

  /** Number of open conditions. */
  get openConditions(): number {
    return this.book.size;
  }

  /** Adds a courier or updates its vehicle, hub or shift. */
  upsertCourier(input: DetectCourier): void {
    if (this.holdDuringPass(input.id, () => this.upsertCourier(input))) return;
    const rules = courierRulesFor(this.config, input.vehicle);
    const existing = this.couriers.get(input.id);
    if (!existing) {
      const record = createCourierRecord(input, this.slots.take(), rules);
      this.couriers.set(input.id, record);
      this.bySlot[record.slot] = record;
      this.markDirty(record);
      return;
    }
    if (existing.vehicle !== input.vehicle) existing.tracker = new MotionTracker(rules);
    existing.vehicle = input.vehicle;
    existing.shift = input.shift;
    existing.rules = rules;
    existing.routeChanged = true;
    if (input.lastReceivedAt != null) noteReceived(existing, input.lastReceivedAt);
    this.markDirty(existing);
  }

  /** Forgets a courier; its open conditions resolve with the next tick. */
  removeCourier(id: number): void {
    if (this.holdDuringPass(id, () => this.removeCourier(id))) return;
    this.dropCourier(id, (key) => this.book.release(key, this.pending));
  }

  /**
   * Forgets a courier and its open conditions without a signal: another node judges it now (its
   * hub changed hands) and carries its open alerts on.
   */
  forgetCourier(id: number): void {
    if (this.holdDuringPass(id, () => this.forgetCourier(id))) return;
    this.dropCourier(id, (key) => this.book.drop(key));
  }

  /** Forgets a hub's completions and its open on-time condition, without a signal. */
  forgetHub(hubId: number): void {
    this.hubs.forget(hubId);
    this.book.drop(conditionKey('hub_sla', { hubId }));
  }

  /**
   * Fixes received from a courier at server time `receivedAt`, in any order. During a pass they
   * are taken at once (a courier not yet evaluated is judged with them, one already evaluated
   * is marked for the next pass): holding a second's fixes for the whole fleet would only move
   * their cost to the end of the pass.
   */
  onFixes(courierId: number, fixes: Iterable<MotionFix>, receivedAt: number): void {
    if (this.held.has(courierId)) {
      const copy = [...fixes];
      this.held.hold(courierId, () => this.onFixes(courierId, copy, receivedAt));
      return;
    }
    const record = this.couriers.get(courierId);
    if (!record) return;
    record.tracker.addAll(fixes);
    noteReceived(record, receivedAt);
    this.markDirty(record);
  }

  /** Replaces a courier's open stops (route order); stops in other statuses are dropped. */
  setRoute(courierId: number, stops: readonly DetectStop[]): void {
    if (this.holdDuringPass(courierId, () => this.setRoute(courierId, stops))) return;
    const record = this.couriers.get(courierId);
    if (!record) return;
    replaceRoute(record, stops);
    this.markDirty(record);
  }

  /** A completed stop of a hub, for its on-time rate. */
  onStopCompleted(hubId: number, completion: { completedAt: number; onTime: boolean }): void {
    this.hubs.onCompleted(hubId, completion.completedAt, completion.onTime);
  }

  /** Sets a hub's on-time target (0..1); null for the configured default. */
  setHubTarget(hubId: number, target: number | null): void {
    this.hubs.setTarget(hubId, target);
  }

  /**
   * Takes over a condition whose alert is already open (after a restart), without a signal: the
   * next evaluation of its courier or hub keeps, updates or resolves it. `judge`: the courier
   * that evaluates it, when not the one its details name (a stop moved since they were written).
   */
  restoreCondition(finding: Finding, subject: SignalSubject, judge?: number): void {
    const ownerId = judge ?? restoredOwnerId(finding, subject);
    const later = () => this.restoreCondition(finding, subject, judge);
    if (this.holdDuringPass(ownerId ?? -1, later)) return;
    const owner = ownerId === null ? undefined : this.couriers.get(ownerId);
    const condition = { finding, subject, ownerId };
    const again = adoptCondition(this.book, this.released, this.hubs, condition, owner);
    if (again) this.markDirty(again);
  }

  /** A courier's motion as judged so far. */
  motionOf(courierId: number): MotionState | undefined {
    return this.couriers.get(courierId)?.tracker.state;
  }

  /** Evaluates what changed or fell due by server time `now`, all at once; returns the signals. */
  tick(now: number): Signal[] {
    this.beginPass(now);
    try {
      this.continuePass(NEVER_END_SLICE);
    } catch (err) {
      this.finishPass(); // the couriers not reached are carried to the next pass
      throw err;
    }
    return this.finishPass();
  }

  /** Whether a pass has begun and not finished. */
  get passOpen(): boolean {
    return this.pass !== null;
  }

  /**
   * Starts a pass at server time `now`: the couriers that changed or fell due. `continuePass`
   * evaluates them a slice at a time, `finishPass` ends it. Until then, inputs that add, remove
   * or re-route couriers are held and applied in order at the end.
   */
  beginPass(now: number): void {
    if (this.pass) throw new Error('a detection pass is already open');
    this.due.length = 0;
    this.wakes.popDue(now, this.due);
    for (const slot of this.due) {
      const record = this.bySlot[slot];
      if (!record) continue;
      record.woken = true;
      this.markDirty(record);
    }
    this.pass = { now, batch: this.dirty, next: 0, out: this.pending, estimatorCalls: 0 };
    this.dirty = [];
    this.pending = [];
  }

  /**
   * Evaluates the pass's next couriers until all are done (true) or `endSlice`, asked after each
   * one, says to stop for now (false).
   */
  continuePass(endSlice: SliceEnd): boolean {
    const pass = this.pass;
    if (!pass) throw new Error('no detection pass is open');
    while (pass.next < pass.batch.length) {
      const record = pass.batch[pass.next++]!;
      record.dirty = false;
      const predicted = refreshArrivals(record, pass.now, this.estimate, this.refreshMs);
      if (predicted) pass.estimatorCalls++;
      this.evaluate(record, pass.now, predicted, pass.out);
      record.woken = false;
      if (pass.next < pass.batch.length && endSlice()) return false;
    }
    return true;
  }

  /**
   * Ends the pass: stop conditions left behind resolve, hubs are judged, held inputs are applied.
   * Couriers a pass did not reach (it was cut short by an error) go to the next one. Returns the
   * pass's signals.
   */
  finishPass(): Signal[] {
    const pass = this.pass;
    if (!pass) throw new Error('no detection pass is open');
    const { now, out } = pass;
    const unreached = pass.batch.slice(pass.next);
    this.pass = null;
    for (const record of unreached) {
      record.dirty = false;
      this.markDirty(record);
    }
    resolveUnclaimed(this.book, this.released, out);
    const hubsEvaluated = this.hubs.evaluate(now, this.book, out);
    this.lastTickStats = passStats(pass, hubsEvaluated);
    // Signals of couriers removed meanwhile go with the next pass, as between ticks.
    this.held.applyAll();
    return out;
  }

  /**
   * Runs the courier rules, and the stop rules only when their inputs changed (route,
   * predictions, a deadline): new fixes alone cannot change a stop's verdict.
   */
  private evaluate(record: CourierRecord, now: number, predicted: boolean, out: Signal[]): void {
    record.watchedSince ??= now;
    record.motion = record.tracker.state;
    const courier = judgeCourierRules(record, now, openStallOf(this.book, record.id));
    record.courierKeys = settleConditions(
      this.book,
      this.released,
      record,
      record.courierKeys,
      courier.holding,
      out,
    );
    if (record.routeChanged || record.woken || predicted || record.stopsWakeAt <= now) {
      const stops = judgeStops(record, now, this.config, this.lateRiskOf);
      record.stopKeys = settleConditions(
        this.book,
        this.released,
        record,
        record.stopKeys,
        stops.holding,
        out,
      );
      record.stopsWakeAt = stops.wakeAt;
      record.routeChanged = false;
    }
    this.wakes.schedule(record.slot, Math.min(courier.wakeAt, record.stopsWakeAt));
  }

  private dropCourier(id: number, endCondition: (key: string) => void): void {
    const record = this.couriers.get(id);
    if (!record) return;
    this.couriers.delete(id);
    this.wakes.remove(record.slot);
    this.bySlot[record.slot] = undefined;
    this.slots.release(record.slot);
    if (record.dirty) this.dirty = this.dirty.filter((r) => r !== record);
    endOwnedConditions(this.book, record, endCondition);
  }

  /** Holds an input concerning a courier while a pass is open; true when held. */
  private holdDuringPass(courierId: number, apply: () => void): boolean {
    if (!this.pass) return false;
    this.held.hold(courierId, apply);
    return true;
  }

  private markDirty(record: CourierRecord): void {
    if (record.dirty) return;
    record.dirty = true;
    this.dirty.push(record);
  }
}

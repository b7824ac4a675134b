import { courierRulesFor, detectionConfig, type DetectionConfig } from './config';
import { ConditionBook, conditionKey } from './conditions';
import { judgeCourierRules, judgeStops, type Judged } from './courier-evaluation';
import {
  NO_KEYS,
  createCourierRecord,
  noteReceived,
  replaceRoute,
  type CourierRecord,
} from './courier-record';
import { finalStallDetails } from './courier-rules';
import { HubWatch } from './hub-watch';
import type { MotionState } from './motion';
import { MotionTracker } from './motion-tracker';
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

/** What the last tick did. */
export interface TickStats {
  couriersEvaluated: number;
  hubsEvaluated: number;
  signals: number;
  estimatorCalls: number;
}

export interface DetectionEngineOptions {
  config?: DetectionConfig;
  /** Predicted arrivals for late risk; without it, late risk is not judged. */
  estimateArrivals?: ArrivalEstimator;
}

/**
 * Detection for the whole fleet, costing time in proportion to what changed: couriers with new
 * fixes, route changes or a due deadline are evaluated on the next `tick`; the rest are not
 * touched. Plain data in (`upsertCourier`, `onFixes`, `setRoute`, `onStopCompleted`), signals out.
 */
export class DetectionEngine {
  readonly config: DetectionConfig;
  lastTickStats: TickStats = {
    couriersEvaluated: 0,
    hubsEvaluated: 0,
    signals: 0,
    estimatorCalls: 0,
  };
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
  private readonly lateRiskOf = (stopId: number): Finding | null => this.book.lateRiskOf(stopId);

  constructor(options: DetectionEngineOptions = {}) {
    this.config = options.config ?? detectionConfig();
    this.estimate = options.estimateArrivals ?? null;
    this.hubs = new HubWatch(this.config.hubSla);
  }

  /** Number of open conditions. */
  get openConditions(): number {
    return this.book.size;
  }

  /** Adds a courier or updates its vehicle, hub or shift. */
  upsertCourier(input: DetectCourier): void {
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
    const record = this.couriers.get(id);
    if (!record) return;
    this.couriers.delete(id);
    this.wakes.remove(record.slot);
    this.bySlot[record.slot] = undefined;
    this.slots.release(record.slot);
    if (record.dirty) this.dirty = this.dirty.filter((r) => r !== record);
    for (const key of [...record.courierKeys, ...record.stopKeys]) {
      if (this.book.get(key)?.ownerId === id) this.book.release(key, this.pending);
    }
  }

  /** Fixes received from a courier at server time `receivedAt`, in any order. */
  onFixes(courierId: number, fixes: Iterable<MotionFix>, receivedAt: number): void {
    const record = this.couriers.get(courierId);
    if (!record) return;
    record.tracker.addAll(fixes);
    noteReceived(record, receivedAt);
    this.markDirty(record);
  }

  /** Replaces a courier's open stops (route order); stops in other statuses are dropped. */
  setRoute(courierId: number, stops: readonly DetectStop[]): void {
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
   * next evaluation of its courier or hub keeps, updates or resolves it.
   */
  restoreCondition(finding: Finding, subject: SignalSubject): void {
    const ownerId =
      subject.courierId ?? ('courierId' in finding.details ? finding.details.courierId : null);
    const key = conditionKey(finding.kind, subject);
    this.book.adopt(key, { finding, subject, ownerId });
    if (subject.hubId !== undefined) return this.hubs.touch(subject.hubId);
    const owner = ownerId === null ? undefined : this.couriers.get(ownerId);
    if (!owner) return void this.released.set(key, ownerId ?? -1);
    if (subject.stopId === undefined) owner.courierKeys = new Set([...owner.courierKeys, key]);
    else owner.stopKeys = new Set([...owner.stopKeys, key]);
    owner.routeChanged = true;
    this.markDirty(owner);
  }

  /** A courier's motion as judged so far. */
  motionOf(courierId: number): MotionState | undefined {
    return this.couriers.get(courierId)?.tracker.state;
  }

  /** Evaluates what changed or fell due by server time `now`; returns the signals. */
  tick(now: number): Signal[] {
    const out = this.pending;
    this.pending = [];
    this.due.length = 0;
    this.wakes.popDue(now, this.due);
    for (const slot of this.due) {
      const record = this.bySlot[slot];
      if (!record) continue;
      record.woken = true;
      this.markDirty(record);
    }
    const batch = this.dirty;
    this.dirty = [];
    let estimatorCalls = 0;
    for (const record of batch) {
      record.dirty = false;
      const predicted = this.refreshArrivals(record, now);
      if (predicted) estimatorCalls++;
      this.evaluate(record, now, predicted, out);
      record.woken = false;
    }
    for (const [key, ownerId] of this.released) {
      if ((this.book.get(key)?.ownerId ?? ownerId) === ownerId) this.book.release(key, out);
    }
    this.released.clear();
    const hubsEvaluated = this.hubs.evaluate(now, this.book, out);
    this.lastTickStats = {
      couriersEvaluated: batch.length,
      hubsEvaluated,
      signals: out.length,
      estimatorCalls,
    };
    return out;
  }

  /**
   * Runs the courier rules, and the stop rules only when their inputs changed (route,
   * predictions, a deadline): new fixes alone cannot change a stop's verdict.
   */
  private evaluate(record: CourierRecord, now: number, predicted: boolean, out: Signal[]): void {
    record.watchedSince ??= now;
    record.motion = record.tracker.state;
    const courier = judgeCourierRules(record, now);
    record.courierKeys = this.settle(record, record.courierKeys, courier.holding, out);
    if (record.routeChanged || record.woken || predicted || record.stopsWakeAt <= now) {
      const stops = judgeStops(record, now, this.config, this.lateRiskOf);
      record.stopKeys = this.settle(record, record.stopKeys, stops.holding, out);
      record.stopsWakeAt = stops.wakeAt;
      record.routeChanged = false;
    }
    this.wakes.schedule(record.slot, Math.min(courier.wakeAt, record.stopsWakeAt));
  }

  /** Holds what holds, ends what no longer does; returns the keys now held. */
  private settle(
    record: CourierRecord,
    previous: ReadonlySet<string>,
    holding: readonly Judged[],
    out: Signal[],
  ): ReadonlySet<string> {
    if (holding.length === 0 && previous.size === 0) return previous;
    const keys = new Set<string>();
    for (const { key, finding, subject } of holding) {
      keys.add(key);
      this.book.hold(key, finding, subject, record.id, out);
    }
    for (const key of previous) {
      if (keys.has(key)) continue;
      const open = this.book.get(key);
      if (!open || open.ownerId !== record.id) continue;
      const { stopId } = open.subject;
      if (stopId !== undefined && !record.stops.some((s) => s.id === stopId)) {
        // The stop may have moved to another courier evaluated later in this tick.
        this.released.set(key, record.id);
      } else if (open.finding.kind === 'stalled') {
        const details = finalStallDetails(open.finding.details, record.motion);
        this.book.release(key, out, { ...open.finding, details });
      } else {
        this.book.release(key, out);
      }
    }
    return keys.size > 0 ? keys : NO_KEYS;
  }

  /** Predicts arrivals again when the route changed, they are old, or a deadline woke the courier. */
  private refreshArrivals(record: CourierRecord, now: number): boolean {
    if (!this.estimate || record.stops.length === 0) {
      record.arrivals = null;
      return false;
    }
    const fresh = now < record.refreshDueAt;
    if (record.arrivals && !record.arrivalsStale && !record.woken && fresh) return false;
    const fix = record.tracker.state.latestFix;
    record.arrivals = this.estimate({
      position: fix ? { lat: fix.lat, lng: fix.lng } : null,
      at: now,
      vehicle: record.vehicle,
      stops: record.stops,
    });
    // The first refresh comes early by a share of the interval fixed per courier, so a fleet
    // that started together does not re-estimate all at once every interval afterwards.
    const refreshMs = this.config.lateRisk.etaRefreshSeconds * 1000;
    const stagger = record.arrivalsAt === 0 ? (record.id * 7919) % refreshMs : 0;
    record.refreshDueAt = now + refreshMs - stagger;
    record.arrivalsAt = now;
    record.arrivalsStale = false;
    return true;
  }

  private markDirty(record: CourierRecord): void {
    if (record.dirty) return;
    record.dirty = true;
    this.dirty.push(record);
  }
}

import { detectionConfig, type DetectionConfig } from '../../../server/src/detect/config';
import { DetectionEngine } from '../../../server/src/detect/engine';
import type { ArrivalEstimator, MotionFix, Signal } from '../../../server/src/detect/types';
import { LearnedSpeedProvider } from '../../../server/src/eta/learned-speed-provider';
import { LearnedSpeeds } from '../../../server/src/eta/learned-speeds';
import { routeEtas } from '../../../server/src/eta/route-etas';
import {
  buildLiveModel,
  suggestFor,
  type LiveModel,
  type Trigger,
} from '../../../server/src/dispatch/suggest';
import type { DayFleet } from './day-fleet';
import { DispatchLog } from './dispatch-log';
import {
  DEFAULT_POLICY,
  chooseProposal,
  suggestOptions,
  type DispatchPolicy,
} from './dispatch-policy';
import type { DayDispatcher } from './day-simulation';
import { detectStops, liveCourier } from './live-view';
import { MemoProvider } from './memo-provider';
import type { DayScenario } from './scenario';

/** What the auto-dispatching hub did over the day. */
export interface AutoDispatchStats {
  /** Times the suggestion engine was asked. */
  triggers: number;
  /** Proposals applied (each a move of one or more stops). */
  applied: number;
  stopsMoved: number;
  /** Applied proposals by the kind of alert that asked. */
  appliedByKind: Record<AskingKind, number>;
  /** `late_risk` alerts opened over the day: what a dispatcher is shown. */
  lateRiskOpened: number;
}

/** Alert kinds that ask for proposals here (the day has no failed attempts or new orders). */
type AskingKind = 'late_risk' | 'late' | 'stalled' | 'offline';
const ASKING_KINDS: ReadonlySet<string> = new Set<AskingKind>([
  'late_risk',
  'late',
  'stalled',
  'offline',
]);
/** An alert still open asks again at most this often, as its refreshed details come in. */
const ASK_AGAIN_MS = 120_000;
const HOUR_MS = 3_600_000;
/** Remembered travel times are dropped this often, so newly learned speeds come in. */
const FORGET_ETAS_MS = 300_000;

/**
 * The server's loop on the simulated fleet, under the server's detection settings (its
 * `lateRisk.windowMarginMinutes` also sets the margin suggestions weigh moves with): fixes feed
 * the detection engine and the learned speeds, late-risk predictions come from `routeEtas`
 * over the learned provider, and every `late_risk`, `late`, `stalled` or `offline` alert asks
 * the suggestion engine for moves. The best proposal that removes lateness without making
 * another stop late is applied at once, as a hub with auto-dispatch on does. A stalled or
 * offline courier receives no work until its alert resolves.
 */
export class AutoDispatcher implements DayDispatcher {
  readonly stats: AutoDispatchStats = {
    triggers: 0,
    applied: 0,
    stopsMoved: 0,
    appliedByKind: { late_risk: 0, late: 0, stalled: 0, offline: 0 },
    lateRiskOpened: 0,
  };
  /** Per stop, what the alerts asked and what the hub decided. */
  readonly log = new DispatchLog();
  private readonly speeds = new LearnedSpeeds();
  private readonly provider = new MemoProvider(new LearnedSpeedProvider(this.speeds));
  private forgotAt = 0;
  private readonly engine: DetectionEngine;
  private readonly lastFix = new Map<number, MotionFix>();
  private readonly unavailable = new Set<number>();
  private readonly askedAt = new Map<string, number>();
  private readonly windowStartOf: ReadonlyMap<number, number>;
  /** Whose route each stop is on, as the server's roster knows it (for each courier's pace). */
  private courierOfStop: (stopId: number) => number | undefined = () => undefined;
  private readonly capacityOf: ReadonlyMap<number, number>;
  private readonly windowMarginMinutes: number;

  constructor(
    private readonly scenario: DayScenario,
    private readonly policy: DispatchPolicy = DEFAULT_POLICY,
    detection: DetectionConfig = detectionConfig(),
  ) {
    this.engine = new DetectionEngine({
      config: detection,
      estimateArrivals: this.estimateArrivals,
    });
    this.windowMarginMinutes = detection.lateRisk.windowMarginMinutes;
    this.windowStartOf = new Map(scenario.stops.map((s) => [s.id, s.windowStart]));
    this.capacityOf = new Map(scenario.couriers.map((c) => [c.id, c.capacity]));
  }

  start(fleet: DayFleet): void {
    this.courierOfStop = (stopId) => fleet.stops.get(stopId)?.courierId;
    const { shiftStartMs, shiftEndMs, options } = this.scenario;
    for (const courier of fleet.couriers.values()) {
      this.engine.upsertCourier({
        id: courier.id,
        vehicle: courier.vehicle,
        hubId: 1,
        // Couriers finishing their routes after hours are still watched.
        shift: { startMs: shiftStartMs, endMs: shiftEndMs + options.overtimeHours * HOUR_MS },
      });
      this.engine.setRoute(courier.id, detectStops(courier, fleet));
    }
  }

  onFixes(courierId: number, fixes: readonly MotionFix[], nowMs: number): void {
    this.engine.onFixes(courierId, fixes, nowMs);
    const vehicle = this.scenario.options.vehicle;
    for (const fix of fixes) this.speeds.observe(courierId, vehicle, fix);
    this.lastFix.set(courierId, fixes[fixes.length - 1]!);
  }

  onRouteChanged(courierId: number, fleet: DayFleet): void {
    this.engine.setRoute(courierId, detectStops(fleet.couriers.get(courierId)!, fleet));
  }

  tick(nowMs: number, fleet: DayFleet): void {
    if (nowMs - this.forgotAt >= FORGET_ETAS_MS) {
      this.provider.forget();
      this.forgotAt = nowMs;
    }
    const triggers = this.triggersOf(this.engine.tick(nowMs), nowMs);
    let model: LiveModel | null = null;
    for (const trigger of triggers) {
      model ??= this.liveModel(nowMs, fleet);
      this.stats.triggers++;
      const { proposals } = suggestFor(trigger, model, {
        provider: this.provider,
        ...suggestOptions(this.policy, trigger.kind),
        windowMarginMinutes: this.windowMarginMinutes,
      });
      const chosen = chooseProposal(proposals, this.policy);
      const own = trigger.kind === 'late_risk' || trigger.kind === 'late';
      this.log.record(askedAbout(trigger, fleet), proposals, chosen, nowMs, own);
      if (!chosen) continue;
      const changed = new Set<number>();
      let moved = 0;
      for (const move of chosen.moves) {
        const ids = fleet.move(move);
        if (ids.length > 0) moved++;
        for (const id of ids) changed.add(id);
      }
      for (const id of changed) this.onRouteChanged(id, fleet);
      if (moved === 0) continue;
      this.stats.applied++;
      this.stats.stopsMoved += moved;
      this.stats.appliedByKind[trigger.kind as AskingKind]++;
      model = null;
    }
  }

  /** Keeps availability in step with stalled and offline alerts; the alerts that ask now. */
  private triggersOf(signals: readonly Signal[], nowMs: number): Trigger[] {
    const triggers: Trigger[] = [];
    for (const signal of signals) {
      if (signal.kind === 'late_risk' && signal.change === 'open') this.stats.lateRiskOpened++;
      if (!ASKING_KINDS.has(signal.kind)) continue;
      const { courierId, stopId } = signal.subject;
      if (signal.kind === 'stalled' || signal.kind === 'offline') {
        if (signal.active) this.unavailable.add(courierId!);
        else this.unavailable.delete(courierId!);
      }
      const key = `${signal.kind}:${courierId ?? ''}:${stopId ?? ''}`;
      if (!signal.active) {
        this.askedAt.delete(key);
        continue;
      }
      const asked = this.askedAt.get(key);
      if (asked !== undefined && nowMs - asked < ASK_AGAIN_MS) continue;
      this.askedAt.set(key, nowMs);
      switch (signal.kind) {
        case 'late_risk':
        case 'late':
          triggers.push({ kind: signal.kind, stopId: stopId! });
          break;
        case 'stalled':
          triggers.push({ kind: 'stalled', courierId: courierId!, since: signal.details.from });
          break;
        case 'offline':
          triggers.push({
            kind: 'offline',
            courierId: courierId!,
            since: signal.details.silentSince,
          });
          break;
      }
    }
    return triggers;
  }

  private liveModel(nowMs: number, fleet: DayFleet): LiveModel {
    const couriers = [...fleet.couriers.values()].map((courier) => {
      const fix = this.lastFix.get(courier.id);
      return liveCourier(courier, fleet, {
        position: fix ? { lat: fix.lat, lng: fix.lng } : null,
        available: !this.unavailable.has(courier.id),
        capacity: this.capacityOf.get(courier.id)!,
        shiftEndMs: this.scenario.shiftEndMs,
      });
    });
    return buildLiveModel(nowMs, couriers);
  }

  /** As the server predicts: chained ETAs from the last fix over the learned speeds. */
  private readonly estimateArrivals: ArrivalEstimator = ({ position, at, vehicle, stops }) => {
    if (!position) return stops.map(() => Number.NaN);
    const etas = routeEtas(
      this.provider,
      { lat: position.lat, lng: position.lng, at },
      vehicle,
      stops.map((s) => ({ ...s, windowStart: this.windowStartOf.get(s.id) ?? 0 })),
      stops[0] && this.courierOfStop(stops[0].id),
    );
    const byStop = new Map(etas.map((e) => [e.stopId, e.arriveAt]));
    return stops.map((s) => byStop.get(s.id) ?? Number.NaN);
  };
}

/** The stops an alert asks about: its own, or every stop its courier has not reached yet. */
function askedAbout(trigger: Trigger, fleet: DayFleet): number[] {
  if (trigger.kind === 'stalled' || trigger.kind === 'offline') {
    const courier = fleet.couriers.get(trigger.courierId);
    return (courier?.route ?? []).filter((id) => fleet.stops.get(id)?.status === 'assigned');
  }
  return 'stopId' in trigger ? [trigger.stopId] : [];
}

import type { AlertView } from '@dispatch/shared';
import type { CourierRoster, RosterEntry } from '../fleet/courier-roster';
import { shiftWindowAt } from '../fleet/shift-window';
import {
  NO_HUB,
  type Completion,
  type DetectionHistory,
  type HistoryScope,
  type OwnedHubs,
  type StoredFix,
} from './detection-ports';
import type { DetectionEngine } from './engine';
import {
  DETECTED_KINDS,
  type DetectCourier,
  type DetectStop,
  type Finding,
  type SignalSubject,
} from './types';

const MINUTE_MS = 60_000;
/** Fixes read back to rebuild motion: longer than any dwell the detectors judge. */
const MOTION_HISTORY_MS = 20 * MINUTE_MS;
/** Completions read back for the hubs' rolling on-time rate. */
const COMPLETION_HISTORY_MS = 60 * MINUTE_MS;

export interface OwnedCouriersDeps {
  engine: DetectionEngine;
  roster: CourierRoster;
  history: DetectionHistory;
  ownership: OwnedHubs;
  log: { error: (o: object, msg: string) => void };
}

/** What is read back for a hub or courier taken over. */
interface History {
  fixes: StoredFix[];
  completions: Completion[];
  open: AlertView[];
}

/**
 * Which of the roster's couriers the engine judges: those of the hubs this node owns (all of
 * them on a node alone). Keeps the engine in step as hubs change hands and couriers move between
 * hubs. A hub or courier taken over enters the engine only once its recent fixes, completions
 * and open alerts are read back, all at once between two passes: a pass never judges it without
 * its motion, so its open conditions carry on (the same alerts) instead of resolving or opening
 * again. Its live fixes arriving meanwhile are held and added after.
 */
export class OwnedCouriers {
  /** Rostered couriers of hubs another node owns. */
  private readonly elsewhere = new Set<number>();
  /** Couriers being taken over, with their live fixes held until their history is read. */
  private readonly arriving = new Map<number, StoredFix[]>();
  /** Grows whenever a hub is gained or lost: a read-back of an older ownership is dropped. */
  private readonly handovers = new Map<number, number>();

  constructor(private readonly deps: OwnedCouriersDeps) {}

  ownsHub(hubId: number | null): boolean {
    return this.deps.ownership.owns(hubId ?? NO_HUB);
  }

  /** Whether the engine judges this courier: rostered, of a hub this node owns. */
  judges(courierId: number): boolean {
    const entry = this.deps.roster.get(courierId);
    return entry !== undefined && this.ownsHub(entry.profile.hubId);
  }

  /** Holds a live fix of a courier being taken over; false when it goes to the engine at once. */
  holdArriving(fix: StoredFix): boolean {
    const held = this.arriving.get(fix.courierId);
    held?.push(fix);
    return held !== undefined;
  }

  /** Puts the roster's couriers of owned hubs in the engine with their history (before passes). */
  async start(now: number): Promise<void> {
    for (const entry of this.deps.roster.all()) {
      if (this.ownsHub(entry.profile.hubId)) this.take(entry, now);
      else this.elsewhere.add(entry.profile.id);
    }
    this.apply(await this.read(now, undefined), null);
  }

  /** A courier's profile changed: it follows its hub's owner (in, out, or staying). */
  courierUpdated(entry: RosterEntry, now: number): void {
    const id = entry.profile.id;
    if (!this.ownsHub(entry.profile.hubId)) {
      this.elsewhere.add(id);
      this.arriving.delete(id);
      this.deps.engine.forgetCourier(id);
      return;
    }
    // Being taken over: it enters with its latest profile once its history is read.
    if (this.arriving.has(id)) return;
    if (!this.elsewhere.delete(id))
      return this.deps.engine.upsertCourier(detectCourier(entry, now));
    // Moved in from a hub judged elsewhere: its motion and open alerts come along.
    void this.bringIn({ hubIds: [], courierIds: [id] }, () => this.judges(id));
  }

  courierRemoved(id: number): void {
    this.elsewhere.delete(id);
    this.arriving.delete(id);
    this.deps.engine.removeCourier(id);
  }

  /** This node took a hub over: its couriers with their history, and the hub's completions. */
  async gain(hubId: number): Promise<void> {
    const handover = this.nextHandover(hubId);
    const courierIds: number[] = [];
    for (const entry of this.deps.roster.all()) {
      if (entry.profile.hubId === hubId) courierIds.push(entry.profile.id);
    }
    const current = () => this.handovers.get(hubId) === handover && this.ownsHub(hubId);
    await this.bringIn({ hubIds: [hubId], courierIds }, current);
  }

  /** Another node owns the hub now: its couriers and conditions leave the engine, silently. */
  lose(hubId: number): void {
    this.nextHandover(hubId);
    for (const entry of this.deps.roster.all()) {
      if (entry.profile.hubId !== hubId) continue;
      this.elsewhere.add(entry.profile.id);
      this.arriving.delete(entry.profile.id);
      this.deps.engine.forgetCourier(entry.profile.id);
    }
    this.deps.engine.forgetHub(hubId);
  }

  /**
   * Reads the scope's history, then (unless `current` says the handover went stale meanwhile)
   * puts its couriers, their fixes (read and held), completions and open alerts in the engine.
   */
  private async bringIn(scope: HistoryScope, current: () => boolean): Promise<void> {
    const held = new Map(scope.courierIds.map((id) => [id, [] as StoredFix[]]));
    for (const [id, fixes] of held) {
      this.elsewhere.delete(id);
      this.arriving.set(id, fixes);
    }
    try {
      const history = await this.read(Date.now(), scope);
      if (!current()) return;
      const now = Date.now();
      const taken = new Set<number>();
      for (const [id, fixes] of held) {
        const entry = this.deps.roster.get(id);
        if (this.arriving.get(id) !== fixes || !entry || !this.ownsHub(entry.profile.hubId)) {
          continue;
        }
        this.take(entry, now);
        taken.add(id);
        history.fixes.push(...fixes);
      }
      this.apply(history, taken);
    } catch (err) {
      this.deps.log.error({ err, ...scope }, 'reading back detection history failed');
    } finally {
      for (const [id, fixes] of held) if (this.arriving.get(id) === fixes) this.arriving.delete(id);
    }
  }

  private take(entry: RosterEntry, now: number): void {
    this.deps.engine.upsertCourier(detectCourier(entry, now));
    this.deps.engine.setRoute(entry.profile.id, entry.route.map(detectStop));
  }

  private nextHandover(hubId: number): number {
    const handover = (this.handovers.get(hubId) ?? 0) + 1;
    this.handovers.set(hubId, handover);
    return handover;
  }

  /** Recent fixes, completions and open alerts: of `scope`, else everything. */
  private async read(now: number, scope: HistoryScope | undefined): Promise<History> {
    const { history } = this.deps;
    const withCompletions = !scope || scope.hubIds.length > 0;
    const [fixes, completions, open] = await Promise.all([
      history.recentFixes(now - MOTION_HISTORY_MS, scope),
      withCompletions ? history.completionsSince(now - COMPLETION_HISTORY_MS, scope) : [],
      history.openAlerts(scope),
    ]);
    return { fixes, completions, open };
  }

  /**
   * What was read back, into the engine: only what this node judges. `taken`: the couriers that
   * entered the engine with this read-back (null: all of them, at start).
   */
  private apply({ fixes, completions, open }: History, taken: ReadonlySet<number> | null): void {
    const { engine } = this.deps;
    for (const f of fixes) {
      if (this.judges(f.courierId)) engine.onFixes(f.courierId, [f], f.receivedAt);
    }
    for (const c of completions) if (this.ownsHub(c.hubId)) engine.onStopCompleted(c.hubId, c);
    for (const alert of open) {
      const judge = this.judgeOf(alert, taken);
      if (judge !== undefined) restore(engine, alert, judge ?? undefined);
    }
  }

  /**
   * Who in this node's engine carries an open alert on: null for a hub's (when it owns the hub),
   * else the courier that judges it; undefined when nobody here does.
   *
   * A stop still on a route goes with the courier whose route holds it now, whatever courier the
   * alert last named (a move's update may not have been written when the hub changed hands), and
   * only as that courier enters the engine: one already here holds it, one taken elsewhere or
   * later restores or opens it there. Restored with the courier it left, it would resolve and
   * open again. A courier's alert, or a stop's on no route, goes with the courier it names when
   * this node judges it (or, that courier gone, owns the alert's hub), so it resolves if its
   * condition went away.
   */
  private judgeOf(alert: AlertView, taken: ReadonlySet<number> | null): number | null | undefined {
    if (alert.kind === 'hub_sla') return this.ownsHub(alert.hubId) ? null : undefined;
    const holder = alert.stopId === null ? undefined : this.deps.roster.ownerOf(alert.stopId);
    if (holder !== undefined) {
      return this.judges(holder) && (taken === null || taken.has(holder)) ? holder : undefined;
    }
    const details = alert.details;
    const courierId =
      alert.courierId ?? (typeof details.courierId === 'number' ? details.courierId : null);
    const entry = courierId === null ? undefined : this.deps.roster.get(courierId);
    return this.ownsHub(entry ? entry.profile.hubId : alert.hubId) ? courierId : undefined;
  }
}

/**
 * Puts an open alert back under the engine's watch (after a restart or a handover); `judge`: the
 * courier whose route holds its stop, when known.
 */
function restore(engine: DetectionEngine, alert: AlertView, judge: number | undefined): void {
  if (alert.kind === 'failed_attempt' || !DETECTED_KINDS.has(alert.kind)) return;
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
  engine.restoreCondition(finding, subject, judge);
}

/** A rostered courier as the engine takes it, its shift worked out for `now`. */
export function detectCourier({ profile, vehicle }: RosterEntry, now: number): DetectCourier {
  return {
    id: profile.id,
    vehicle,
    hubId: profile.hubId,
    shift: shiftWindowAt(profile.shiftStartMinute, profile.shiftEndMinute, profile.timezone, now),
    lastReceivedAt: profile.lastPingAt,
  };
}

export function detectStop(s: RosterEntry['route'][number]): DetectStop {
  return {
    id: s.id,
    status: s.status,
    lat: s.lat,
    lng: s.lng,
    windowEnd: s.windowEnd,
    windowStart: s.windowStart,
    serviceSeconds: s.serviceSeconds,
    arrivedAt: s.arrivedAt,
    slaTier: s.slaTier,
  };
}

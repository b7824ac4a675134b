import { OPEN_STOP_STATUSES, type AlertView } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { DomainBus } from '../events/bus';
import type { CourierRoster, StoredStop } from '../fleet/courier-roster';
import type { FleetState } from '../fleet/fleet-state';
import type { SuggestionService } from './suggestion-service';
import type { Metrics } from '../ops/metrics';
import {
  CoalescingQueue,
  LiveFleetModel,
  ProposalKeeper,
  toLiveStop,
  type ProposalEngine,
  type ProposalRequest,
} from './proposals';
import { proposalSlot, type DetectionPace } from './proposal-slot';
import type { Trigger } from './suggest';

type Log = { error: (o: object, msg: string) => void; info: (o: object, msg: string) => void };

/** The metrics the triggers report to: drops, proposal times, queue length, busy time. */
export type ProposalMetrics = Pick<Metrics, 'proposalsDropped' | 'proposalSeconds' | 'sources'>;

export interface SuggestionTriggerDeps {
  db: Pick<Database, 'query'>;
  bus: DomainBus;
  fleet: Pick<FleetState, 'get'>;
  roster: CourierRoster;
  /** Where proposals are computed (a worker thread, or this one). */
  engine: ProposalEngine;
  /** When detection runs, so that proposals never hold a pass up. */
  detection: DetectionPace;
  /** A stop as stored now, on a route or not. */
  storedStop: (stopId: number) => Promise<StoredStop | null>;
  suggestions: SuggestionService;
  log: Log;
  /** The detection pass interval (`DETECT_TICK_MS`). */
  detectTickMs: number;
  metrics?: ProposalMetrics;
}

/** Alert kinds that ask for a proposal. */
const TRIGGER_KINDS = new Set(['late_risk', 'late', 'stalled', 'offline', 'failed_attempt']);
/** Open suggestions older than this are no longer what the situation is. */
const SUGGESTION_MAX_AGE_MS = 20 * 60_000;
const SWEEP_MS = 60_000;
/**
 * The live model is rebuilt at most this often, however much changes: building it walks the
 * whole fleet, and a burst of alerts (a network outage) must not rebuild it per alert. Proposals
 * from a slightly old model are safe: accepting one checks the route versions it was made for.
 */
const MODEL_TTL_MS = 5000;

/** More new unassigned stops than this at once are an import, left to planning and the sweep. */
const MAX_UNASSIGNED_BURST = 20;
/**
 * Back-pressure: situations waiting for a proposal, one per stop or courier. Past the bound the
 * oldest goes; one that waited longer than the age limit is no longer what the situation is
 * (detection raises it again if it still is).
 */
const QUEUE_LIMITS = { maxLength: 2000, maxAgeMs: 2 * 60_000 };

interface PendingTrigger {
  trigger: Trigger;
  alertId: number | null;
  hubId: number | null;
}

/**
 * Turns situations into stored suggestions: an alert opening (late, at risk, stalled, offline,
 * failed attempt) or a new unassigned stop asks the suggestion engine for the best moves, which
 * are stored (unless an open one already proposes the same), pushed to consoles, and accepted at
 * once when the hub's auto-dispatch policy allows. Suggestions expire when their alert resolves
 * or when they grow old; one whose routes changed answers `conflict` when accepted.
 */
export class SuggestionTriggers {
  private readonly queue: CoalescingQueue<PendingTrigger>;
  private readonly unavailable = new Set<number>();
  private running: Promise<void> | null = null;
  private readonly model: LiveFleetModel;
  private readonly keeper: ProposalKeeper;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: SuggestionTriggerDeps) {
    this.queue = new CoalescingQueue(QUEUE_LIMITS, (reason, count) =>
      deps.metrics?.proposalsDropped.inc({ reason }, count),
    );
    if (deps.metrics) {
      deps.metrics.sources.proposalQueue = () => this.queue.length;
      deps.metrics.sources.proposalBusySeconds = () => deps.engine.busySeconds();
    }
    this.model = new LiveFleetModel(
      {
        db: deps.db,
        fleet: deps.fleet,
        couriers: () => deps.roster.all(),
        isAvailable: (id) => this.isAvailable(id),
      },
      { indexed: deps.engine.indexesModel },
    );
    this.keeper = new ProposalKeeper({
      db: deps.db,
      suggestions: deps.suggestions,
      writeSlot: () => this.slotBeforeNextTick(),
      hubOf: (id) => this.hubOf(id),
      log: deps.log,
    });
  }

  /** Situations waiting for a proposal. */
  get queueLength(): number {
    return this.queue.length;
  }

  start(): void {
    const { bus } = this.deps;
    bus.on('alert:changed', (alert) => this.onAlert(alert));
    bus.on('routes:changed', (courierIds) => this.model.routesChanged(courierIds));
    // A suggestion whose routes changed stays listed: accepting it answers `conflict` and
    // expires it, and the dispatcher sees why. The model catches up within MODEL_TTL_MS.
    bus.on('stops:changed', (changes) => {
      const unassigned = changes.filter((change) => change.status === 'unassigned');
      // An import of many stops is a day to plan (`POST /api/v1/hubs/:id/plan`), not one
      // suggestion per stop; the sweep still offers moves for any left unassigned.
      if (unassigned.length > MAX_UNASSIGNED_BURST) return;
      for (const change of unassigned) {
        this.enqueue({
          trigger: { kind: 'unassigned', stopId: change.id },
          alertId: null,
          hubId: null,
        });
      }
    });
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.queue.clear();
    await this.settled();
    await this.deps.engine.close();
  }

  /** Waits until every queued trigger has been handled (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Asks for proposals for a trigger now (also used by tests and the sweep). */
  enqueue(pending: PendingTrigger): void {
    if (this.stopped) return;
    this.queue.push(situationKey(pending.trigger), pending, Date.now());
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }
  }

  private onAlert(alert: AlertView): void {
    const courierAlert = alert.kind === 'stalled' || alert.kind === 'offline';
    if (courierAlert && alert.courierId !== null) {
      if (alert.resolvedAt === null) this.unavailable.add(alert.courierId);
      else this.unavailable.delete(alert.courierId);
      this.model.availabilityChanged(alert.courierId);
    }
    if (alert.resolvedAt !== null) {
      this.queue.dropWhere((pending) => pending.alertId === alert.id, 'resolved');
      void this.expire({ resolvedAlertId: alert.id });
      return;
    }
    if (!TRIGGER_KINDS.has(alert.kind) || alert.acknowledgedAt !== null) return;
    const trigger = triggerOf(alert);
    if (trigger) this.enqueue({ trigger, alertId: alert.id, hubId: alert.hubId });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      // Computed on this thread, a proposal must not delay a detection pass.
      if (this.deps.engine.where === 'inline') await this.slotBeforeNextTick();
      if (this.stopped) break;
      const next = this.queue.take(Date.now());
      if (!next) break;
      try {
        await this.handle(next);
      } catch (err) {
        this.deps.log.error({ err, trigger: next.trigger }, 'computing suggestions failed');
      }
      // Let pings, acks and timers run between proposals.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private slotBeforeNextTick(): Promise<void> {
    return proposalSlot(this.deps.detection, this.deps.detectTickMs);
  }

  private async handle(pending: PendingTrigger): Promise<void> {
    const began = performance.now();
    const request = await this.request(pending.trigger);
    const result = await this.deps.engine.propose(this.model, request);
    this.deps.metrics?.proposalSeconds.observe((performance.now() - began) / 1000);
    const courierId = 'courierId' in pending.trigger ? pending.trigger.courierId : null;
    await this.keeper.keep(result.proposals, { ...pending, courierId });
  }

  /**
   * The request for one trigger, with the shared model brought up to date for it: refreshed for
   * a new stop, or when it is older than MODEL_TTL_MS, misses a courier the roster knows, or
   * does not know what the trigger is about (a stop just put on a route). A stop on no route
   * (unassigned, failed) is read on its own and sent with the request.
   */
  private async request(trigger: Trigger): Promise<ProposalRequest> {
    const now = Date.now();
    // A new stop is rare and wants the couriers where they are now; alerts come in bursts.
    let stale =
      trigger.kind === 'unassigned' ||
      now - this.model.lastRefreshAt >= MODEL_TTL_MS ||
      this.model.size !== this.deps.roster.size;
    let lone: StoredStop | null = null;
    if ('stopId' in trigger && !this.model.has(trigger)) {
      lone = await this.deps.storedStop(trigger.stopId);
      if (lone && lone.courierId !== null && OPEN_STOP_STATUSES.includes(lone.status)) {
        stale = true;
        lone = null;
      }
    } else if (!this.model.has(trigger)) {
      stale = true;
    }
    if (stale) await this.model.refresh(now);
    const courierId = 'courierId' in trigger ? trigger.courierId : null;
    return {
      trigger,
      now,
      loneStops: lone ? [toLiveStop(lone)] : [],
      timezone: courierId !== null ? this.timezoneOf(courierId) : 'UTC',
    };
  }

  /** Online and neither stalled nor offline by the detectors. */
  private isAvailable(courierId: number): boolean {
    const live = this.deps.fleet.get(courierId);
    return live !== undefined && live.status !== 'offline' && !this.unavailable.has(courierId);
  }

  private hubOf(courierId: number): number | null {
    return this.deps.roster.get(courierId)?.profile.hubId ?? null;
  }

  private timezoneOf(courierId: number): string {
    return this.deps.roster.get(courierId)?.profile.timezone ?? 'UTC';
  }

  private async expire(filter: Parameters<SuggestionService['expire']>[0]): Promise<void> {
    try {
      await this.deps.suggestions.expire(filter);
    } catch (err) {
      this.deps.log.error({ err }, 'expiring suggestions failed');
    }
  }

  /** Ages suggestions out and gives unassigned stops another look. */
  private async sweep(): Promise<void> {
    await this.expire({ maxAgeMs: SUGGESTION_MAX_AGE_MS });
    try {
      const rows = await this.deps.db.query<{ id: number }>(
        `select id from stops where status = 'unassigned' and window_end > now()
         order by window_end limit 50`,
      );
      for (const r of rows) {
        this.enqueue({ trigger: { kind: 'unassigned', stopId: r.id }, alertId: null, hubId: null });
      }
    } catch (err) {
      this.deps.log.error({ err }, 'looking for unassigned stops failed');
    }
  }
}

/** Situations coalesce per stop and per courier: only the latest of each is worth computing. */
function situationKey(trigger: Trigger): string {
  return 'stopId' in trigger ? `stop:${trigger.stopId}` : `courier:${trigger.courierId}`;
}

function triggerOf(alert: AlertView): Trigger | null {
  switch (alert.kind) {
    case 'late_risk':
    case 'late':
      return alert.stopId === null ? null : { kind: alert.kind, stopId: alert.stopId };
    case 'failed_attempt':
      return alert.stopId === null ? null : { kind: 'failed_attempt', stopId: alert.stopId };
    case 'stalled':
    case 'offline': {
      if (alert.courierId === null) return null;
      const from = alert.details.from ?? alert.details.silentSince;
      return {
        kind: alert.kind,
        courierId: alert.courierId,
        since: typeof from === 'number' ? from : alert.openedAt,
      };
    }
    default:
      return null;
  }
}

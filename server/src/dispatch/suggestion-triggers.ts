import { DomainError, OPEN_STOP_STATUSES, type AlertView } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { TravelTimeProvider } from '../eta/travel-time';
import type { DomainBus } from '../events/bus';
import type { CourierRoster, StoredStop } from '../fleet/courier-roster';
import type { FleetState } from '../fleet/fleet-state';
import type { SuggestionService } from './suggestion-service';
import { LiveFleetModel } from './live-fleet-model';
import { proposalSlot, type DetectionPace } from './proposal-slot';
import { clockFormatter, suggestFor, type LiveModel, type Proposal, type Trigger } from './suggest';

type Log = { error: (o: object, msg: string) => void; info: (o: object, msg: string) => void };

export interface SuggestionTriggerDeps {
  db: Pick<Database, 'query'>;
  bus: DomainBus;
  fleet: Pick<FleetState, 'get'>;
  roster: CourierRoster;
  /** Travel times of the live ETA model. */
  provider: TravelTimeProvider;
  /** When detection runs, so that proposals never hold a pass up. */
  detection: DetectionPace;
  /** A stop as stored now, on a route or not. */
  storedStop: (stopId: number) => Promise<StoredStop | null>;
  suggestions: SuggestionService;
  log: Log;
  /** The detection pass interval (`DETECT_TICK_MS`). */
  detectTickMs: number;
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
  private readonly queue: PendingTrigger[] = [];
  private readonly queued = new Set<string>();
  private readonly unavailable = new Set<number>();
  private running: Promise<void> | null = null;
  private readonly model: LiveFleetModel;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: SuggestionTriggerDeps) {
    this.model = new LiveFleetModel({
      db: deps.db,
      fleet: deps.fleet,
      couriers: () => deps.roster.all(),
      isAvailable: (id) => this.isAvailable(id),
    });
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
    await this.settled();
  }

  /** Waits until every queued trigger has been handled (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Asks for proposals for a trigger now (also used by tests and the sweep). */
  enqueue(pending: PendingTrigger): void {
    if (this.stopped) return;
    const key = JSON.stringify(pending.trigger);
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(pending);
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
      void this.expire({ resolvedAlertId: alert.id });
      return;
    }
    if (!TRIGGER_KINDS.has(alert.kind) || alert.acknowledgedAt !== null) return;
    const trigger = triggerOf(alert);
    if (trigger) this.enqueue({ trigger, alertId: alert.id, hubId: alert.hubId });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      await this.slotBeforeNextTick();
      if (this.stopped) break;
      const next = this.queue.shift()!;
      this.queued.delete(JSON.stringify(next.trigger));
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
    const model = await this.liveModel(pending.trigger);
    const courierId = 'courierId' in pending.trigger ? pending.trigger.courierId : null;
    const tz = courierId !== null ? this.timezoneOf(courierId) : 'UTC';
    const result = suggestFor(pending.trigger, model, {
      provider: this.deps.provider,
      nameOf: (id) => this.nameOf(id),
      formatClock: clockFormatter(tz),
    });
    let autoAccepted = false;
    for (const proposal of result.proposals) {
      // The embedded database answers one transaction at a time: writes wait for a slot too,
      // so that a detection pass never queues its alerts behind them.
      await this.slotBeforeNextTick();
      if (await this.deps.suggestions.hasOpen(proposal.stopIds, proposal.toCourierId)) continue;
      const id = await this.store(proposal, pending);
      if (!autoAccepted && (await this.autoAccepts(proposal, pending, courierId))) {
        autoAccepted = await this.accept(id);
      }
    }
  }

  /**
   * The hub's auto-dispatch policy: on, and the move removes lateness without making any other
   * stop late.
   */
  private async autoAccepts(
    proposal: Proposal,
    pending: PendingTrigger,
    courierId: number | null,
  ): Promise<boolean> {
    if (proposal.effect.latenessRemovedMinutes <= 0) return false;
    if (proposal.effect.otherStopsMadeLate.length > 0) return false;
    const hubId =
      pending.hubId ?? this.hubOf(courierId ?? proposal.fromCourierId ?? proposal.toCourierId);
    if (hubId === null) return false;
    const [hub] = await this.deps.db.query<{ auto_dispatch: boolean }>(
      'select auto_dispatch from hubs where id = $1',
      [hubId],
    );
    return hub?.auto_dispatch === true;
  }

  private async accept(suggestionId: number): Promise<boolean> {
    try {
      await this.deps.suggestions.accept(suggestionId, null);
      this.deps.log.info({ suggestionId }, 'suggestion accepted by the auto-dispatch policy');
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return false;
      throw err;
    }
  }

  private async store(proposal: Proposal, pending: PendingTrigger): Promise<number> {
    const versions = proposal.routeVersions;
    const from = proposal.fromCourierId;
    const view = await this.deps.suggestions.create(
      {
        kind: proposal.kind,
        stopIds: proposal.stopIds,
        fromCourierId: from,
        toCourierId: proposal.toCourierId,
        fromRouteVersion: from === null ? null : (versions[String(from)] ?? null),
        toRouteVersion: versions[String(proposal.toCourierId)] ?? 0,
        insertPosition: proposal.insertPosition,
        score: Math.round(proposal.score * 10) / 10,
        explanation: proposal.explanation,
        details: {
          alertId: pending.alertId,
          moves: proposal.moves.map((m) => ({
            stopIds: [m.stopId],
            toCourierId: m.toCourierId,
            position: m.insertPosition,
          })),
          routeVersions: versions,
          effect: proposal.effect,
        },
      },
      { type: 'system' },
    );
    return view.id;
  }

  /**
   * The live picture for one trigger: the shared model, refreshed for a new stop, or when it is
   * older than MODEL_TTL_MS, misses a courier the roster knows, or does not know what the trigger is about
   * (a stop just put on a route). A stop on no route (unassigned, failed) is read on its own.
   */
  private async liveModel(trigger: Trigger): Promise<LiveModel> {
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
    return this.model.view(now, lone ? [lone] : []);
  }

  /** Online and neither stalled nor offline by the detectors. */
  private isAvailable(courierId: number): boolean {
    const live = this.deps.fleet.get(courierId);
    return live !== undefined && live.status !== 'offline' && !this.unavailable.has(courierId);
  }

  private nameOf(courierId: number): string {
    return this.deps.roster.get(courierId)?.profile.name ?? `courier ${courierId}`;
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

import type { AlertView } from '@dispatch/shared';
import { FencedError } from '../cluster/fence';
import type { SuggestionService } from './suggestion-service';
import { CoalescingQueue, LiveFleetModel, ProposalKeeper, pendingSituations } from './proposals';
import { proposalSlot } from './proposal-slot';
import { fencedBy } from './suggestion-fence';
import { NO_HUB, situationHub, type PendingTrigger } from './situation-hub';
import type { SuggestionTriggerDeps } from './suggestion-trigger-deps';
import { requestFor } from './trigger-request';
import { situationKey, TRIGGER_KINDS, triggerOf } from './trigger-of';

export type { ProposalMetrics, SuggestionTriggerDeps } from './suggestion-trigger-deps';

/** Open suggestions older than this are no longer what the situation is. */
const SUGGESTION_MAX_AGE_MS = 20 * 60_000;
const SWEEP_MS = 60_000;
/**
 * Fixes a move superseded are asked for again after this pause, so that a few moves in a row
 * (a dispatcher working down the list) are answered once, from the routes as they are now.
 */
const RETRY_SUPERSEDED_MS = 1000;
/** More new unassigned stops than this at once are an import, left to planning and the sweep. */
const MAX_UNASSIGNED_BURST = 20;
/**
 * Back-pressure: situations waiting for a proposal, one per stop or courier. Past the bound the
 * oldest goes; one that waited longer than the age limit is no longer what the situation is
 * (detection raises it again if it still is).
 */
const QUEUE_LIMITS = { maxLength: 2000, maxAgeMs: 2 * 60_000 };

/** A situation waiting in the queue, with the hub whose owner proposes for it. */
type Queued = PendingTrigger & { ownerHubId: number };

/**
 * Turns situations into stored suggestions: an alert opening (late, at risk, stalled, offline,
 * failed attempt) or a new unassigned stop asks the suggestion engine for the best moves, which
 * are stored (unless an open one already proposes the same), pushed to consoles, and accepted at
 * once when the hub's auto-dispatch policy allows. Suggestions expire when their alert resolves
 * or when they grow old; one whose routes changed answers `conflict` when accepted.
 *
 * In a cluster every node hears every situation, and only the owner of the situation's hub
 * proposes (a node alone owns every hub). A node that gains a hub picks up what the hub still
 * waits for from the database, leaving out what is already proposed; one that loses a hub drops
 * its queued situations, and any write already under way is refused by the hub's fence.
 */
export class SuggestionTriggers {
  private readonly queue: CoalescingQueue<Queued>;
  private readonly unavailable = new Set<number>();
  private running: Promise<void> | null = null;
  private readonly model: LiveFleetModel;
  private readonly keeper: ProposalKeeper;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly supersededAlerts = new Set<number>();
  private retryTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

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
      fence: deps.fence,
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
    // The roster loads a changed route a moment after the move is announced: the model is walked
    // again at the next proposal, so it never pairs a new route version with the old stops.
    this.deps.roster.subscribe({
      routeReplaced: (entry) => this.model.routesChanged([entry.profile.id]),
    });
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
          situationHubId: change.hubId,
        });
      }
    });
    // A move makes the open fixes on the routes it changed impossible; their problems need new ones.
    bus.on('suggestion:changed', (s) => {
      if (s.status !== 'superseded' || s.alertId == null) return;
      this.supersededAlerts.add(s.alertId);
      this.retryTimer ??= setTimeout(() => void this.askAgain(), RETRY_SUPERSEDED_MS);
      this.retryTimer.unref();
    });
    this.unsubscribe = this.deps.ownership.subscribe({
      gained: (hubId) => void this.pickUp(hubId),
      lost: (hubId) => this.queue.dropWhere((queued) => queued.ownerHubId === hubId, 'lost'),
    });
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.queue.clear();
    await this.settled();
    await this.deps.engine.close();
  }

  /** Waits until every queued trigger has been handled (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Asks for proposals for a trigger now (also used by tests and the sweep), when this node owns
   * the situation's hub.
   */
  enqueue(pending: PendingTrigger): void {
    if (this.stopped) return;
    const ownerHubId = situationHub(pending, this.deps.roster) ?? NO_HUB;
    if (!this.deps.ownership.owns(ownerHubId)) return;
    this.queue.push(situationKey(pending.trigger), { ...pending, ownerHubId }, Date.now());
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
      // Its hub's owner made its suggestions, and expires them.
      const hubId = alert.hubId ?? NO_HUB;
      if (this.deps.ownership.owns(hubId)) void this.expire({ resolvedAlertId: alert.id }, hubId);
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
      // The hub may have gone to another node since the situation was queued.
      if (!this.deps.ownership.owns(next.ownerHubId)) continue;
      try {
        await this.handle(next);
      } catch (err) {
        if (err instanceof FencedError)
          this.deps.log.info({ err, trigger: next.trigger }, 'hub handed over: proposal not kept');
        else this.deps.log.error({ err, trigger: next.trigger }, 'computing suggestions failed');
      }
      // Let pings, acks and timers run between proposals.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private slotBeforeNextTick(): Promise<void> {
    return proposalSlot(this.deps.detection, this.deps.detectTickMs);
  }

  private async handle(pending: Queued): Promise<void> {
    const began = performance.now();
    const request = await requestFor(pending.trigger, {
      model: this.model,
      roster: this.deps.roster,
      storedStop: this.deps.storedStop,
      orderStops: this.deps.orderStops,
      windowMarginMinutes: this.deps.detection.windowMarginMinutes,
    });
    const result = await this.deps.engine.propose(this.model, request);
    this.deps.metrics?.proposalSeconds.observe((performance.now() - began) / 1000);
    const courierId = 'courierId' in pending.trigger ? pending.trigger.courierId : null;
    await this.keeper.keep(result.proposals, {
      alertId: pending.alertId,
      hubId: pending.hubId,
      courierId,
      ownerHubId: pending.ownerHubId,
    });
  }

  /** Online and neither stalled nor offline by the detectors (moves by hand ask it too). */
  isAvailable(courierId: number): boolean {
    const live = this.deps.fleet.get(courierId);
    return live !== undefined && live.status !== 'offline' && !this.unavailable.has(courierId);
  }

  private hubOf(courierId: number): number | null {
    return this.deps.roster.get(courierId)?.profile.hubId ?? null;
  }

  /** Expires suggestions of a hub this node owns, fenced by the hub's lease. */
  private async expire(
    filter: Parameters<SuggestionService['expire']>[0],
    hubId: number,
  ): Promise<void> {
    try {
      await this.deps.suggestions.expire(filter, fencedBy(this.deps.fence, hubId));
    } catch (err) {
      if (err instanceof FencedError) this.deps.log.info({ err }, 'hub handed over: not expiring');
      else this.deps.log.error({ err }, 'expiring suggestions failed');
    }
  }

  /**
   * A hub this node has just taken over: what it still waits for, as stored, is asked for as if
   * it had just happened (an open suggestion is never made again).
   */
  private async pickUp(hubId: number): Promise<void> {
    try {
      const pending = await pendingSituations(this.deps.db, hubId, TRIGGER_KINDS);
      if (this.stopped || !this.deps.ownership.owns(hubId)) return;
      const alerts = pending.alertIds.length > 0 ? await this.deps.alerts(pending.alertIds) : [];
      for (const alert of alerts) this.onAlert(alert);
      for (const stopId of pending.stopIds) {
        this.enqueue({
          trigger: { kind: 'unassigned', stopId },
          alertId: null,
          hubId: null,
          situationHubId: hubId,
        });
      }
      this.deps.log.info(
        { hubId, alerts: alerts.length, stops: pending.stopIds.length },
        'picked up the situations of a hub taken over',
      );
    } catch (err) {
      this.deps.log.error({ err, hubId }, 'picking up a hub taken over failed');
    }
  }

  /** Asks again for fixes to the open problems whose fixes were superseded by a move. */
  private async askAgain(): Promise<void> {
    this.retryTimer = null;
    const ids = [...this.supersededAlerts];
    this.supersededAlerts.clear();
    try {
      for (const alert of await this.deps.alerts(ids)) this.onAlert(alert);
    } catch (err) {
      this.deps.log.error({ err }, 'asking again for superseded fixes failed');
    }
  }

  /**
   * Ages out the suggestions of the hubs this node owns (a suggestion's hub: its receiving
   * courier's) and gives their unassigned stops another look.
   */
  private async sweep(): Promise<void> {
    try {
      for (const receiverHubId of await this.deps.suggestions.agedHubs(SUGGESTION_MAX_AGE_MS)) {
        const hubId = receiverHubId ?? NO_HUB;
        if (!this.deps.ownership.owns(hubId)) continue;
        await this.expire({ maxAgeMs: SUGGESTION_MAX_AGE_MS, receiverHubId }, hubId);
      }
    } catch (err) {
      this.deps.log.error({ err }, 'looking for old suggestions failed');
    }
    try {
      const rows = await this.deps.db.query<{ id: number; hub_id: number | null }>(
        `select id, hub_id from stops where status = 'unassigned' and window_end > now()
         order by window_end limit 50`,
      );
      for (const r of rows) {
        this.enqueue({
          trigger: { kind: 'unassigned', stopId: r.id },
          alertId: null,
          hubId: null,
          situationHubId: r.hub_id,
        });
      }
    } catch (err) {
      this.deps.log.error({ err }, 'looking for unassigned stops failed');
    }
  }
}

import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import {
  FAILURE_REASONS,
  isPickupKind,
  type FailureReason,
  type StopChange,
} from '@dispatch/shared';
import { FencedError, NO_FENCE, type Fence } from '../cluster/fence';
import { soleOwner, type HubOwnership } from '../cluster/hub-ownership';
import type { Database, Orm } from '../db/client';
import { events, hubs, stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents } from '../events/event-log';
import type { StopRow } from '../stops/stop-service';
import { decideAfterFailure, type AttemptDecision } from './attempt-decision';
import { DECISION_EVENTS, applyDecision } from './failure-outcomes';
import { checkHubFence } from './hub-fence';
import { policyFor } from './policy-store';
import type { Tx } from './route-versions';

export interface ReattemptDeps {
  orm: Orm;
  db: Pick<Database, 'query'>;
  bus: DomainBus;
  log: { error: (o: object, msg: string) => void; info?: (o: object, msg: string) => void };
  now?: () => number;
  /** Which hubs' failures this node decides (absent: a node alone, every hub). */
  ownership?: HubOwnership;
  /** What each decision checks in its transaction (absent: nothing to check). */
  fence?: Fence;
}

/** What the hub's policy did with one failed attempt. */
export interface ReattemptOutcome {
  stopId: number;
  decision: AttemptDecision;
}

const SYSTEM = { type: 'system' } as const;

/**
 * Applies each hub's re-attempt policy to failed attempts as they are recorded (it follows
 * `stops:changed`): one transaction per failure with its events, then the changed stops and
 * routes announced. Stops without a hub have no policy and stay failed for a dispatcher. A failure
 * recorded while the server was down is decided at the next start.
 *
 * In a cluster every node hears every failure; only the owner of the stop's hub decides it, its
 * transaction fenced by the hub. A node gaining a hub decides what its old owner left undecided.
 * The decision is keyed on the stop's latest failure event, so none is made twice.
 */
export class ReattemptService {
  private readonly unsubscribe: (() => void)[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private readonly ownership: HubOwnership;
  private readonly fence: Fence;

  constructor(private readonly deps: ReattemptDeps) {
    this.now = deps.now ?? Date.now;
    this.ownership = deps.ownership ?? soleOwner('local');
    this.fence = deps.fence ?? NO_FENCE;
  }

  /** Decides the failures left undecided at the hubs this node owns, then follows new ones. */
  async start(): Promise<void> {
    await this.catchUp(null);
    const { bus } = this.deps;
    this.unsubscribe.push(
      bus.on('stops:changed', (changes) => {
        for (const change of changes) {
          if (change.status !== 'failed' || change.hubId === null) continue;
          if (this.ownership.owns(change.hubId)) this.track(this.decide(change.id));
        }
      }),
      this.ownership.subscribe({
        gained: (hubId) =>
          this.track(
            this.catchUp(hubId).catch((err: unknown) =>
              this.deps.log.error({ err, hubId }, "deciding a gained hub's failures failed"),
            ),
          ),
        lost: () => undefined,
      }),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Decides the undecided failures of one hub (null: of every hub) this node owns. */
  private async catchUp(hubId: number | null): Promise<void> {
    const undecided = await this.deps.db.query<{ id: number; hub_id: number }>(
      `select s.id, s.hub_id from stops s
       where s.status = 'failed' and s.hub_id is not null
         and ($2::int is null or s.hub_id = $2::int)
         and (select e.kind from events e
              where e.subject_type = 'stop' and e.subject_id = s.id and e.kind = any($1::text[])
              order by e.id desc limit 1) = 'stop.failed'
       order by s.id`,
      [`{stop.failed,${Object.values(DECISION_EVENTS).join(',')}}`, hubId],
    );
    for (const { id, hub_id } of undecided) {
      if (this.ownership.owns(hub_id)) await this.decide(id);
    }
  }

  /** Waits for the failures being decided now. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /**
   * Applies the policy to one failed stop; null when it has nothing to decide (any more), or
   * when its hub is not this node's to decide for (fenced: nothing written).
   */
  async decide(stopId: number): Promise<ReattemptOutcome | null> {
    try {
      return await this.decideNow(stopId);
    } catch (err) {
      if (err instanceof FencedError) {
        this.deps.log.info?.({ stopId, hubId: err.hubId }, "failure left to its hub's owner");
        return null;
      }
      this.deps.log.error({ err, stopId }, 'applying the re-attempt policy failed');
      return null;
    }
  }

  private async decideNow(stopId: number): Promise<ReattemptOutcome | null> {
    const nowMs = this.now();
    const result = await this.deps.orm.transaction(async (tx) => {
      const [stop] = await tx.select().from(stops).where(eq(stops.id, stopId)).for('update');
      if (!stop || stop.status !== 'failed' || stop.hubId === null) return null;
      if (!(await undecided(tx, stopId))) return null;
      await checkHubFence(this.fence, tx, stop.hubId);
      const [hub] = await tx
        .select({ timezone: hubs.timezone })
        .from(hubs)
        .where(eq(hubs.id, stop.hubId));
      const policy = await policyFor(tx, stop.hubId, stop.slaTier);
      const reasonCode = reasonCodeOf(stop);
      const decision = decideAfterFailure(
        {
          slaTier: stop.slaTier,
          windowStart: stop.windowStart.getTime(),
          windowEnd: stop.windowEnd.getTime(),
          attempts: stop.attempts,
          reasonCode,
        },
        policy,
        hub!.timezone,
        nowMs,
      );
      const partner = isPickupKind(stop.kind) ? await orderPartner(tx, stop) : null;
      const basis = {
        from: 'failed',
        courierId: stop.courierId,
        attempts: stop.attempts,
        reasonCode,
        policy,
        ...(decision.action === 'return' ? { cause: decision.cause } : {}),
      };
      const applied = await applyDecision(tx, {
        stop,
        partner,
        decision,
        basis,
        timeZone: hub!.timezone,
        nowMs,
      });
      await appendEvents(tx, SYSTEM, applied.events);
      return { decision, applied };
    });
    if (!result) return null;
    const { changed, couriers } = result.applied;
    if (changed.length > 0) this.deps.bus.emit('stops:changed', changed.map(stopChange));
    if (couriers.length > 0) this.deps.bus.emit('routes:changed', couriers);
    return { stopId, decision: result.decision };
  }
}

/** Whether the stop's latest failure has had no decision yet. */
async function undecided(tx: Tx, stopId: number): Promise<boolean> {
  const [last] = await tx
    .select({ kind: events.kind })
    .from(events)
    .where(
      and(
        eq(events.subjectType, 'stop'),
        eq(events.subjectId, stopId),
        inArray(events.kind, ['stop.failed', ...Object.values(DECISION_EVENTS)]),
      ),
    )
    .orderBy(desc(events.id))
    .limit(1);
  return last?.kind === 'stop.failed';
}

/** The reason code of the latest failure: the stored code, or a free-text reason that is one. */
export function reasonCodeOf(
  stop: Pick<StopRow, 'failureCode' | 'failureReason'>,
): FailureReason | null {
  if (stop.failureCode) return stop.failureCode;
  return FAILURE_REASONS.find((code) => code === stop.failureReason) ?? null;
}

/** The other stop of a pickup's order (its delivery or its drop-off at the hub), locked. */
async function orderPartner(tx: Tx, stop: StopRow): Promise<StopRow | null> {
  if (stop.orderRef === null) return null;
  const [partner] = await tx
    .select()
    .from(stops)
    .where(
      and(
        eq(stops.hubId, stop.hubId!),
        eq(stops.orderRef, stop.orderRef),
        eq(stops.kind, 'delivery'),
        ne(stops.id, stop.id),
      ),
    )
    .for('update');
  return partner ?? null;
}

export const stopChange = (r: StopRow): StopChange => ({
  id: r.id,
  hubId: r.hubId,
  status: r.status,
  courierId: r.courierId,
  sequence: r.sequence,
  eta: r.eta?.getTime() ?? null,
});

import { and, eq } from 'drizzle-orm';
import { FencedError, NO_FENCE, type Fence } from '../cluster/fence';
import { soleOwner, type HubOwnership } from '../cluster/hub-ownership';
import type { Database, Orm } from '../db/client';
import { stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents } from '../events/event-log';
import { transition } from '../stops/stop-lifecycle';
import type { StopRow } from '../stops/stop-service';
import { checkHubFence } from './hub-fence';
import { stopChange } from './reattempt-service';

export interface CustomerReturnsDeps {
  orm: Orm;
  db: Pick<Database, 'query'>;
  bus: DomainBus;
  log: { error: (o: object, msg: string) => void; info?: (o: object, msg: string) => void };
  /** Which hubs' returns this node completes (absent: a node alone, every hub). */
  ownership?: HubOwnership;
  /** What each return checks in its transaction (absent: nothing to check). */
  fence?: Fence;
}

/**
 * A customer return is a `return_pickup` at the customer and a drop-off (`delivery`) at its hub
 * sharing the order reference, created together at import (`stops/return-drop-offs.ts`) and
 * planned as one order. Delivering the drop-off returns the parcel: the return pickup becomes
 * `returned` with `returned_at`. Drop-offs delivered while the server was down are caught up at
 * the next start.
 *
 * In a cluster every node hears every delivery; only the owner of the drop-off's hub returns the
 * parcel, its transaction fenced by the hub. A node gaining a hub returns what its old owner left.
 */
export class CustomerReturns {
  private readonly unsubscribe: (() => void)[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly ownership: HubOwnership;
  private readonly fence: Fence;

  constructor(private readonly deps: CustomerReturnsDeps) {
    this.ownership = deps.ownership ?? soleOwner('local');
    this.fence = deps.fence ?? NO_FENCE;
  }

  /** Returns the parcels left unreturned at the hubs this node owns, then follows deliveries. */
  async start(): Promise<void> {
    await this.catchUp(null);
    this.unsubscribe.push(
      this.deps.bus.on('stops:changed', (changes) => {
        for (const change of changes) {
          if (change.status !== 'delivered' || change.hubId === null) continue;
          if (this.ownership.owns(change.hubId)) this.track(this.dropped(change.id));
        }
      }),
      this.ownership.subscribe({
        gained: (hubId) =>
          this.track(
            this.catchUp(hubId).catch((err: unknown) =>
              this.deps.log.error({ err, hubId }, "returning a gained hub's returns failed"),
            ),
          ),
        lost: () => undefined,
      }),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Returns the delivered drop-offs' parcels of one hub (null: of every hub) this node owns. */
  private async catchUp(hubId: number | null): Promise<void> {
    const pending = await this.deps.db.query<{ id: number; hub_id: number }>(
      `select d.id, d.hub_id from stops d
       join stops r on r.hub_id = d.hub_id and r.order_ref = d.order_ref and r.kind = 'return_pickup'
       where d.kind = 'delivery' and d.status = 'delivered' and r.status = 'delivered'
         and ($1::int is null or d.hub_id = $1::int)
       order by d.id`,
      [hubId],
    );
    for (const { id, hub_id } of pending) {
      if (this.ownership.owns(hub_id)) await this.dropped(id);
    }
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Returns the parcel of the customer return whose drop-off `stopId` is, if it is one. */
  async dropped(stopId: number): Promise<StopRow | null> {
    try {
      const returned = await this.deps.orm.transaction(async (tx) => {
        const [dropOff] = await tx.select().from(stops).where(eq(stops.id, stopId));
        if (!dropOff || dropOff.kind !== 'delivery' || dropOff.status !== 'delivered') return null;
        if (dropOff.orderRef === null || dropOff.hubId === null) return null;
        const [pickup] = await tx
          .select()
          .from(stops)
          .where(
            and(
              eq(stops.hubId, dropOff.hubId),
              eq(stops.orderRef, dropOff.orderRef),
              eq(stops.kind, 'return_pickup'),
            ),
          )
          .for('update');
        if (!pickup || pickup.status !== 'delivered') return null;
        await checkHubFence(this.fence, tx, dropOff.hubId);
        const at = dropOff.completedAt ?? new Date();
        const [row] = await tx
          .update(stops)
          .set({
            status: transition(pickup.status, 'returned', 'system'),
            returnedAt: at,
            updatedAt: new Date(),
          })
          .where(eq(stops.id, pickup.id))
          .returning();
        await appendEvents(tx, { type: 'system' }, [
          {
            kind: 'stop.returned',
            subjectType: 'stop',
            subjectId: pickup.id,
            data: {
              from: pickup.status,
              courierId: dropOff.courierId,
              hubId: dropOff.hubId,
              at: at.getTime(),
              dropOffId: dropOff.id,
            },
          },
        ]);
        return row!;
      });
      if (returned) this.deps.bus.emit('stops:changed', [stopChange(returned)]);
      return returned;
    } catch (err) {
      if (err instanceof FencedError) {
        this.deps.log.info?.({ stopId, hubId: err.hubId }, "return left to its hub's owner");
        return null;
      }
      this.deps.log.error({ err, stopId }, 'returning a customer return failed');
      return null;
    }
  }
}

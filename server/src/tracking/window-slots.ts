import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import { DomainError, type WindowSlot, type WindowSlots } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { hubWindowSlots, hubs, stops } from '../db/schema';
import { appendEvents, type Actor } from '../events/event-log';
import { checkedSlots, type SlotWindow } from './reschedule-options';

type Reader = Pick<Orm, 'select'>;

/** A hub's active window slots, earliest first. */
export async function activeSlots(orm: Reader, hubId: number): Promise<WindowSlot[]> {
  return orm
    .select({
      startMinute: hubWindowSlots.startMinute,
      endMinute: hubWindowSlots.endMinute,
      capacity: hubWindowSlots.capacity,
    })
    .from(hubWindowSlots)
    .where(and(eq(hubWindowSlots.hubId, hubId), eq(hubWindowSlots.active, true)))
    .orderBy(asc(hubWindowSlots.startMinute));
}

/**
 * How many of the hub's stops (cancelled ones aside, and `exceptStopId`) already have exactly each
 * of these windows.
 */
export async function bookedIn(
  orm: Reader,
  hubId: number,
  windows: readonly SlotWindow[],
  exceptStopId: number,
): Promise<(window: SlotWindow) => number> {
  const counts = new Map<string, number>();
  if (windows.length > 0) {
    const rows = await orm
      .select({ start: stops.windowStart, end: stops.windowEnd, n: count() })
      .from(stops)
      .where(
        and(
          eq(stops.hubId, hubId),
          ne(stops.status, 'cancelled'),
          ne(stops.id, exceptStopId),
          inArray(
            stops.windowStart,
            windows.map((w) => new Date(w.start)),
          ),
        ),
      )
      .groupBy(stops.windowStart, stops.windowEnd);
    for (const r of rows) counts.set(`${r.start.getTime()}-${r.end.getTime()}`, r.n);
  }
  return (w) => counts.get(`${w.start}-${w.end}`) ?? 0;
}

/** Supervisors' delivery windows per hub, read and replaced whole with a logged event. */
export class WindowSlotStore {
  constructor(private readonly orm: Orm) {}

  /** The hub's slots; `not_found` for a hub that does not exist. */
  async get(hubId: number): Promise<WindowSlots> {
    await requireHub(this.orm, hubId);
    return { slots: await activeSlots(this.orm, hubId) };
  }

  /**
   * Replaces the hub's slots in one transaction with a `hub.window_slots_changed` event holding
   * them before and after. Slots that end before they start or overlap are `invalid`.
   */
  async put(hubId: number, input: WindowSlots, actor: Actor): Promise<WindowSlots> {
    const slots = checkedSlots(input.slots);
    return this.orm.transaction(async (tx) => {
      await requireHub(tx, hubId, true);
      const before = await activeSlots(tx, hubId);
      await tx.delete(hubWindowSlots).where(eq(hubWindowSlots.hubId, hubId));
      if (slots.length > 0)
        await tx.insert(hubWindowSlots).values(slots.map((s) => ({ hubId, ...s })));
      await appendEvents(tx, actor, [
        {
          kind: 'hub.window_slots_changed',
          subjectType: 'hub',
          subjectId: hubId,
          data: { before, after: slots },
        },
      ]);
      return { slots };
    });
  }
}

async function requireHub(orm: Reader, hubId: number, lock = false): Promise<void> {
  const query = orm.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, hubId));
  // Two supervisors saving at once are applied one after the other.
  const [hub] = lock ? await query.for('update') : await query;
  if (!hub) throw new DomainError('not_found', `hub ${hubId} does not exist`);
}

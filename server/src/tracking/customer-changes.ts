import { eq, sql } from 'drizzle-orm';
import {
  DomainError,
  type RescheduleOptions,
  type RescheduleRequest,
  type StopStatus,
  type TrackingInstructions,
} from '@dispatch/shared';
import { returnToHub } from '../attempts/failure-outcomes';
import { stopChange } from '../attempts/reattempt-service';
import { bumpRoute } from '../attempts/route-versions';
import type { Orm } from '../db/client';
import { hubs, stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor, type EventInput } from '../events/event-log';
import { transition } from '../stops/stop-lifecycle';
import { instantMs } from '../stops/stop-input';
import { slotWindows, withRoom, type SlotWindow } from './reschedule-options';
import { lastTurnOf, pickupPending, trackedStop, type StopRow } from './tracking-reads';
import { collectRefusal, rescheduleRefusal, type RefusalContext } from './tracking-view';
import { activeSlots, bookedIn } from './window-slots';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];
type Reader = Pick<Orm, 'select'>;

const CUSTOMER: Actor = { type: 'customer' };

/** Statuses in which the customer may still leave the courier instructions. */
const INSTRUCTABLE: readonly StopStatus[] = ['unassigned', 'assigned', 'en_route'];

/** What one change did, for announcing after the commit. */
interface Changed {
  row: StopRow;
  /** The courier whose route changed, if any. */
  courierId: number | null;
}

export interface CustomerChangesDeps {
  orm: Orm;
  bus: DomainBus;
  now?: () => number;
}

/**
 * What a customer does from the tracking page: instructions for the courier, and moving the
 * delivery to another of the hub's windows or to the hub's counter. Each change is one
 * transaction on the locked stop with its events (actor: the customer), announced after the
 * commit as every other move is (`stops:changed`, `routes:changed`).
 */
export class CustomerChanges {
  private readonly now: () => number;

  constructor(private readonly deps: CustomerChangesDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Stores the customer's instructions; the courier's route (whose version goes up) carries them.
   * A `conflict` once the courier has arrived or the stop ended.
   */
  async instruct(stopId: number, input: TrackingInstructions): Promise<void> {
    const changed = await this.deps.orm.transaction(async (tx) => {
      const before = await lockStop(tx, stopId);
      if (!INSTRUCTABLE.includes(before.status))
        throw new DomainError(
          'conflict',
          before.status === 'arrived'
            ? 'the courier is already there; instructions can no longer be changed'
            : 'this delivery has ended; instructions can no longer be changed',
          [{ path: 'status', message: before.status }],
        );
      const row = await update(tx, stopId, {
        instructionsKind: input.kind,
        instructions: input.text,
      });
      // The kind only: the text may hold a door code, and the stop keeps it.
      const events: EventInput[] = [
        {
          kind: 'stop.instructions_changed',
          subjectType: 'stop',
          subjectId: stopId,
          data: { kind: input.kind, courierId: before.courierId },
        },
      ];
      if (before.courierId !== null)
        events.push(await bumpRoute(tx, before.courierId, 'instructions changed', stopId));
      await appendEvents(tx, CUSTOMER, events);
      return { row, courierId: before.courierId };
    });
    this.announce(changed);
  }

  /**
   * The hub's windows the stop may move to (its own aside) with room left, and the hub's counter;
   * once out for delivery, the counter only. A `conflict` naming why when neither is possible.
   */
  async options(stopId: number): Promise<RescheduleOptions> {
    const nowMs = this.now();
    const { orm } = this.deps;
    const row = await readStop(orm, stopId);
    const [stop, context] = [trackedStop(row), await turnsOf(orm, row)];
    refuse(row, collectRefusal(stop, context, nowMs));
    // Out for delivery, the parcel may still be kept at the hub, but not given another window.
    if (rescheduleRefusal(stop, context, nowMs)) return { options: [], collectAtHub: true };
    const hubId = row.hubId!;
    const windows = slotWindows(await activeSlots(orm, hubId), await zoneOf(orm, hubId), nowMs);
    const others = windows.filter((w) => !sameWindow(w, row));
    const booked = await bookedIn(orm, hubId, others, stopId);
    return { options: withRoom(others, booked), collectAtHub: true };
  }

  /**
   * Moves the stop to one of the offered windows with room while it is not out (it leaves its
   * route, unassigned, for planning to place again), or to the hub's counter until the courier
   * arrives: back with its courier when it is out, else kept at the hub (`returned`). A window
   * not offered is `invalid`; a full one, or a stop that may not move, a `conflict`. Windows' capacity is taken one request at a time per hub and
   * window, so two customers cannot both take a slot's last place.
   */
  async reschedule(stopId: number, request: RescheduleRequest): Promise<void> {
    const nowMs = this.now();
    const changed = await this.deps.orm.transaction(async (tx) => {
      const before = await lockStop(tx, stopId);
      const rule = 'window' in request ? rescheduleRefusal : collectRefusal;
      refuse(before, rule(trackedStop(before), await turnsOf(tx, before), nowMs));
      return 'window' in request
        ? moveWindow(tx, before, request.window, nowMs)
        : collectAtHub(tx, before, nowMs);
    });
    this.announce(changed);
  }

  private announce({ row, courierId }: Changed): void {
    this.deps.bus.emit('stops:changed', [stopChange(row)]);
    if (courierId !== null) this.deps.bus.emit('routes:changed', [courierId]);
  }
}

async function moveWindow(
  tx: Tx,
  before: StopRow,
  window: { start: string | number; end: string | number },
  nowMs: number,
): Promise<Changed> {
  const hubId = before.hubId!;
  const wanted = { start: instantMs(window.start), end: instantMs(window.end) };
  const offered = slotWindows(await activeSlots(tx, hubId), await zoneOf(tx, hubId), nowMs).find(
    (w) => w.start === wanted.start && w.end === wanted.end && !sameWindow(w, before),
  );
  if (!offered)
    throw new DomainError('invalid', 'this window is not one the hub offers; choose another');
  // One request at a time per hub and window start: the count below stays true until the commit.
  await tx.execute(
    sql`select pg_advisory_xact_lock(${hubId}::int, ${Math.floor(offered.start / 60_000)}::int)`,
  );
  const booked = await bookedIn(tx, hubId, [offered], before.id);
  if (booked(offered) >= offered.capacity)
    throw new DomainError('conflict', 'this window is full now; choose another');
  const status =
    before.status === 'unassigned'
      ? before.status
      : transition(before.status, 'unassigned', 'customer');
  const row = await update(tx, before.id, {
    status,
    windowStart: new Date(offered.start),
    windowEnd: new Date(offered.end),
    courierId: null,
    sequence: null,
    routeVersion: null,
    eta: null,
    arrivedAt: null,
    completedAt: null,
    completionDistanceMeters: null,
    collectAtHub: false,
  });
  const events: EventInput[] = [
    {
      kind: 'stop.rescheduled',
      subjectType: 'stop',
      subjectId: before.id,
      data: {
        from: before.status,
        courierId: before.courierId,
        before: {
          windowStart: before.windowStart.getTime(),
          windowEnd: before.windowEnd.getTime(),
        },
        after: { windowStart: offered.start, windowEnd: offered.end },
      },
    },
  ];
  if (before.courierId !== null)
    events.push(await bumpRoute(tx, before.courierId, 'rescheduled by the customer', before.id));
  await appendEvents(tx, CUSTOMER, events);
  return { row, courierId: before.courierId };
}

async function collectAtHub(tx: Tx, before: StopRow, nowMs: number): Promise<Changed> {
  // A parcel out with its courier (or just failed at the door) rides back on that route.
  const withCourier =
    before.courierId !== null && (before.outForDeliveryAt !== null || before.status === 'failed');
  const row = withCourier
    ? await returnToHub(tx, before, 'customer', { collectAtHub: true, updatedAt: new Date(nowMs) })
    : await update(tx, before.id, {
        status: transition(before.status, 'returned', 'customer'),
        returnedAt: new Date(nowMs),
        collectAtHub: true,
        courierId: null,
        sequence: null,
        routeVersion: null,
        eta: null,
      });
  const events: EventInput[] = [
    {
      kind: 'stop.collect_at_hub',
      subjectType: 'stop',
      subjectId: before.id,
      data: { from: before.status, to: row.status, courierId: before.courierId },
    },
  ];
  if (before.courierId !== null)
    events.push(await bumpRoute(tx, before.courierId, 'collect at hub', before.id));
  await appendEvents(tx, CUSTOMER, events);
  return { row, courierId: before.courierId };
}

/** What the refusal rules read besides the stop (its place on a route does not matter to them). */
async function turnsOf(orm: Reader, row: StopRow): Promise<RefusalContext> {
  return {
    openStopsBefore: null,
    lastTurn: await lastTurnOf(orm, row.id),
    pickupPending: await pickupPending(orm, row),
  };
}

/** A `conflict` naming why, and the stop's status, when there is a reason to refuse. */
function refuse(row: StopRow, why: string | null): void {
  if (why) throw new DomainError('conflict', why, [{ path: 'status', message: row.status }]);
}

const sameWindow = (w: SlotWindow, row: StopRow) =>
  w.start === row.windowStart.getTime() && w.end === row.windowEnd.getTime();

async function lockStop(tx: Tx, stopId: number): Promise<StopRow> {
  const [row] = await tx.select().from(stops).where(eq(stops.id, stopId)).for('update');
  if (!row) throw new DomainError('not_found', 'This link is not valid');
  return row;
}

async function readStop(orm: Reader, stopId: number): Promise<StopRow> {
  const [row] = await orm.select().from(stops).where(eq(stops.id, stopId));
  if (!row) throw new DomainError('not_found', 'This link is not valid');
  return row;
}

async function zoneOf(orm: Reader, hubId: number): Promise<string> {
  const [hub] = await orm.select({ timezone: hubs.timezone }).from(hubs).where(eq(hubs.id, hubId));
  return hub?.timezone ?? 'UTC';
}

async function update(
  tx: Tx,
  id: number,
  patch: Partial<typeof stops.$inferInsert>,
): Promise<StopRow> {
  const [row] = await tx
    .update(stops)
    .set({ updatedAt: new Date(), ...patch })
    .where(eq(stops.id, id))
    .returning();
  return row!;
}

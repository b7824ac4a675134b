import { and, asc, eq } from 'drizzle-orm';
import { canonicalTimeZone, DomainError } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { couriers, hubs } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';

export type HubRow = typeof hubs.$inferSelect;

/** What a supervisor may change about a hub. */
export interface HubSettings {
  onTimeTarget?: number;
  autoDispatch?: boolean;
  /** IANA time zone name. */
  timezone?: string;
}

/** The zone as the runtime spells it; `invalid` when it is not an IANA time zone. */
function checkedTimeZone(name: string): string {
  const zone = canonicalTimeZone(name);
  if (!zone)
    throw new DomainError(
      'invalid',
      `"${name}" is not a time zone name; use one like America/Campo_Grande or Asia/Tokyo`,
    );
  return zone;
}

/** Depots: where couriers start and what SLA targets are scoped by. */
export class HubService {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
  ) {}

  async create(
    input: { name: string; lat: number; lng: number; timezone?: string; onTimeTarget?: number },
    actor: Actor,
  ): Promise<HubRow> {
    const values =
      input.timezone === undefined
        ? input
        : { ...input, timezone: checkedTimeZone(input.timezone) };
    return this.orm.transaction(async (tx) => {
      const [row] = await tx.insert(hubs).values(values).returning();
      await appendEvents(tx, actor, [
        { kind: 'hub.created', subjectType: 'hub', subjectId: row!.id, data: { name: input.name } },
      ]);
      return row!;
    });
  }

  /**
   * Changes a hub's on-time target, auto-dispatch policy or time zone, with an event of who and
   * what. A new time zone moves its couriers' shifts with it (they are told as changed couriers).
   */
  async update(id: number, input: HubSettings, actor: Actor): Promise<HubRow> {
    const settings =
      input.timezone === undefined
        ? input
        : { ...input, timezone: checkedTimeZone(input.timezone) };
    let rezoned: number[] = [];
    const row = await this.orm.transaction(async (tx) => {
      const [before] = await tx.select().from(hubs).where(eq(hubs.id, id)).for('update');
      if (!before) throw new DomainError('not_found', `hub ${id} does not exist`);
      const [after] = await tx.update(hubs).set(settings).where(eq(hubs.id, id)).returning();
      await appendEvents(tx, actor, [
        {
          kind: 'hub.updated',
          subjectType: 'hub',
          subjectId: id,
          data: {
            before: {
              onTimeTarget: before.onTimeTarget,
              autoDispatch: before.autoDispatch,
              timezone: before.timezone,
            },
            after: settings,
          },
        },
      ]);
      if (after!.timezone !== before.timezone) {
        rezoned = (
          await tx
            .select({ id: couriers.id })
            .from(couriers)
            .where(and(eq(couriers.hubId, id), eq(couriers.active, true)))
        ).map((c) => c.id);
      }
      return after!;
    });
    this.bus.emit('hub:changed', row);
    for (const courierId of rezoned)
      this.bus.emit('courier:changed', { id: courierId, active: true, hubId: id });
    return row;
  }

  list(): Promise<HubRow[]> {
    return this.orm.select().from(hubs).orderBy(asc(hubs.id));
  }

  async get(id: number): Promise<HubRow> {
    const [row] = await this.orm.select().from(hubs).where(eq(hubs.id, id));
    if (!row) throw new DomainError('not_found', `hub ${id} does not exist`);
    return row;
  }
}

import { asc, eq } from 'drizzle-orm';
import { DomainError } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { hubs } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';

export type HubRow = typeof hubs.$inferSelect;

/** What a supervisor may change about a hub. */
export interface HubSettings {
  onTimeTarget?: number;
  autoDispatch?: boolean;
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
    return this.orm.transaction(async (tx) => {
      const [row] = await tx.insert(hubs).values(input).returning();
      await appendEvents(tx, actor, [
        { kind: 'hub.created', subjectType: 'hub', subjectId: row!.id, data: { name: input.name } },
      ]);
      return row!;
    });
  }

  /** Changes a hub's on-time target or auto-dispatch policy, with an event of who and what. */
  async update(id: number, settings: HubSettings, actor: Actor): Promise<HubRow> {
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
            before: { onTimeTarget: before.onTimeTarget, autoDispatch: before.autoDispatch },
            after: settings,
          },
        },
      ]);
      return after!;
    });
    this.bus.emit('hub:changed', row);
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

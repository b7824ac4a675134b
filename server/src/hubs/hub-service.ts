import { asc, eq } from 'drizzle-orm';
import { DomainError } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { hubs } from '../db/schema';
import { appendEvents, type Actor } from '../events/event-log';

export type HubRow = typeof hubs.$inferSelect;

/** Depots: where couriers start and what SLA targets are scoped by. */
export class HubService {
  constructor(private readonly orm: Orm) {}

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

  list(): Promise<HubRow[]> {
    return this.orm.select().from(hubs).orderBy(asc(hubs.id));
  }

  async get(id: number): Promise<HubRow> {
    const [row] = await this.orm.select().from(hubs).where(eq(hubs.id, id));
    if (!row) throw new DomainError('not_found', `hub ${id} does not exist`);
    return row;
  }
}

import type { Orm } from '../db/client';
import { events } from '../db/schema';

/** Who made a change. */
export type Actor =
  { type: 'user'; id: number } | { type: 'courier'; id: number } | { type: 'system' };

export interface EventInput {
  kind: string;
  subjectType: 'courier' | 'stop' | 'user' | 'hub' | 'route' | 'alert' | 'suggestion';
  subjectId: number | null;
  data?: Record<string, unknown>;
}

/** Events per insert, well under PostgreSQL's limit of 65,535 parameters per statement. */
const EVENTS_PER_STATEMENT = 5000;

/** Appends events in the caller's transaction (pass the transaction as `orm`). */
export async function appendEvents(
  orm: Pick<Orm, 'insert'>,
  actor: Actor,
  list: EventInput[],
): Promise<void> {
  // A statement takes at most 65,535 parameters (six per event): a day's plan moving
  // 10,000 stops writes its events in several statements of the same transaction.
  for (let i = 0; i < list.length; i += EVENTS_PER_STATEMENT) {
    await orm.insert(events).values(
      list.slice(i, i + EVENTS_PER_STATEMENT).map((e) => ({
        actorType: actor.type,
        actorId: actor.type === 'system' ? null : actor.id,
        kind: e.kind,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        data: e.data ?? {},
      })),
    );
  }
}

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

/** Appends events in the caller's transaction (pass the transaction as `orm`). */
export async function appendEvents(
  orm: Pick<Orm, 'insert'>,
  actor: Actor,
  list: EventInput[],
): Promise<void> {
  if (list.length === 0) return;
  await orm.insert(events).values(
    list.map((e) => ({
      actorType: actor.type,
      actorId: actor.type === 'system' ? null : actor.id,
      kind: e.kind,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      data: e.data ?? {},
    })),
  );
}

import type { Orm } from '../db/client';
import { events } from '../db/schema';

/**
 * Who made a change: a console user, a courier's device, a shop's API key, the server, or a
 * customer from the stop's tracking page (the event's subject says which stop).
 */
export type Actor =
  | { type: 'user'; id: number }
  | { type: 'courier'; id: number }
  | { type: 'api_key'; id: number }
  | { type: 'system' }
  | { type: 'customer' }
  /** Someone not signed in (a failed sign-in, a refused device); `data.ip` says from where. */
  | { type: 'anonymous' };

export interface EventInput {
  kind: string;
  subjectType:
    'courier' | 'stop' | 'user' | 'hub' | 'route' | 'alert' | 'suggestion' | 'shop' | 'api_key';
  subjectId: number | null;
  data?: Record<string, unknown>;
  /** The hub the change belongs to, when the caller knows it (the audit view filters on it). */
  hubId?: number | null;
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
        actorId: 'id' in actor ? actor.id : null,
        kind: e.kind,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        data: e.data ?? {},
        hubId: e.hubId ?? null,
      })),
    );
  }
}

/** Security events: failed sign-ins, lockouts, token rotations, refused requests. */
export type SecurityEventKind =
  | 'auth.login_failed'
  | 'auth.locked_out'
  | 'auth.password_changed'
  | 'user.changed'
  | 'device.token_rotated'
  | 'device.osmand_secret_issued'
  | 'device.refused'
  | 'scope.cross_hub_refused';

/** Where security events go: appended on their own, never failing the request that caused them. */
export interface SecurityLog {
  record(actor: Actor, event: EventInput & { kind: SecurityEventKind }): void;
}

/** A security log appending to the events table; a failed write is logged, never thrown. */
export function createSecurityLog(
  orm: Pick<Orm, 'insert'>,
  log: { warn: (o: object, msg: string) => void },
): SecurityLog {
  return {
    record(actor, event) {
      appendEvents(orm, actor, [event]).catch((err: unknown) =>
        log.warn({ err, kind: event.kind }, 'security event not recorded'),
      );
    },
  };
}

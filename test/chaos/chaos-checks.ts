import type { AlertView, AuditEvent, SuggestionView } from '@dispatch/shared';
import type { Database } from '../../server/src/db/client';
import type { AnsweredAction } from './courier-phone';

/** Stored pings: per courier, how many rows each sequence number has. */
export type StoredPings = Map<number, Map<number, number>>;

export async function readStoredPings(db: Database): Promise<StoredPings> {
  const rows = await db.query<{ courier_id: number; seq: number; n: number }>(
    'select courier_id, seq::float8 as seq, count(*)::int as n from pings group by 1, 2',
  );
  const stored: StoredPings = new Map();
  for (const r of rows) {
    let seqs = stored.get(r.courier_id);
    if (!seqs) stored.set(r.courier_id, (seqs = new Map()));
    seqs.set(r.seq, r.n);
  }
  return stored;
}

/** Acknowledged pings against the table: those missing, and (courier, seq) stored twice. */
export function comparePings(
  acked: readonly { courierId: number; seqs: ReadonlySet<number> }[],
  stored: StoredPings,
): { acked: number; stored: number; lost: string[]; duplicates: string[] } {
  const lost: string[] = [];
  const duplicates: string[] = [];
  let ackedCount = 0;
  let storedCount = 0;
  for (const { courierId, seqs } of acked) {
    const rows = stored.get(courierId) ?? new Map<number, number>();
    for (const seq of seqs) {
      ackedCount++;
      if (!rows.has(seq)) lost.push(`${courierId}:${seq}`);
    }
  }
  for (const [courierId, rows] of stored) {
    for (const [seq, n] of rows) {
      storedCount += n;
      if (n > 1) duplicates.push(`${courierId}:${seq}×${n}`);
    }
  }
  return { acked: ackedCount, stored: storedCount, lost, duplicates };
}

/** How many events each stop action (by its `actionId`) left in the event log. */
export async function readActionEvents(db: Database): Promise<Map<string, number>> {
  const rows = await db.query<{ action_id: string; n: number }>(
    `select data->>'actionId' as action_id, count(*)::int as n from events
     where subject_type = 'stop' and data ? 'actionId' group by 1`,
  );
  return new Map(rows.map((r) => [r.action_id, r.n]));
}

/**
 * Answered stop actions against the event log: an applied one left exactly one event, a refused
 * one none. Returns what does not hold.
 */
export function compareActions(
  answered: readonly AnsweredAction[],
  events: ReadonlyMap<string, number>,
): string[] {
  const problems: string[] = [];
  for (const a of answered) {
    const n = events.get(a.report.actionId) ?? 0;
    const want = a.ok ? 1 : 0;
    if (n !== want)
      problems.push(
        `${a.report.actionId} (${a.event} stop ${a.report.stopId}, ${a.ok ? 'applied' : a.code}): ${n} events`,
      );
  }
  for (const [actionId, n] of events)
    if (n > 1) problems.push(`${actionId}: ${n} events for one action`);
  return [...new Set(problems)];
}

/**
 * Routes as stored: an open stop on a route has one place in it (no two open stops of a courier
 * share a sequence) and a stop out for delivery has a courier.
 */
export async function routeProblems(db: Database): Promise<string[]> {
  const twice = await db.query<{ courier_id: number; sequence: number; n: number }>(
    `select courier_id, sequence, count(*)::int as n from stops
     where courier_id is not null and status in ('assigned', 'en_route', 'arrived')
     group by 1, 2 having count(*) > 1`,
  );
  const orphans = await db.query<{ id: number; status: string }>(
    `select id, status from stops
     where courier_id is null and status in ('assigned', 'en_route', 'arrived')`,
  );
  return [
    ...twice.map((r) => `courier ${r.courier_id} has ${r.n} open stops at sequence ${r.sequence}`),
    ...orphans.map((r) => `stop ${r.id} is ${r.status} on no route`),
  ];
}

/** One open alert per kind and subject: a stop's by its stop, a courier's by its courier. */
export function alertKey(a: AlertView): string {
  const subject = a.stopId
    ? `stop ${a.stopId}`
    : a.courierId
      ? `courier ${a.courierId}`
      : `hub ${a.hubId ?? 0}`;
  return `${a.kind} ${subject}`;
}

/** A suggestion's situation: the stops it moves and where to. */
export function suggestionKey(s: SuggestionView): string {
  return `${[...s.stopIds].sort((x, y) => x - y).join(',')}→${s.toCourierId}`;
}

/** How the open items before a kill compare with those after the restart. */
export interface CarryOver {
  /** Still open with the same id. */
  kept: number;
  /** No longer open (resolved or decided meanwhile, by the load that went on). */
  closed: number;
  /** Open after the restart for the same situation but as a new object, or open twice. */
  problems: string[];
}

/**
 * Items open before a kill against those open after the restart: where the situation is still
 * open, it must be the same object (same id), and no situation may be open twice.
 */
export function compareOpen<T extends { id: number }>(
  what: string,
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
): CarryOver {
  const problems: string[] = [];
  const afterByKey = new Map<string, T[]>();
  for (const item of after) {
    const key = keyOf(item);
    afterByKey.set(key, [...(afterByKey.get(key) ?? []), item]);
  }
  for (const [key, items] of afterByKey)
    if (items.length > 1)
      problems.push(`${what} ${key} open ${items.length} times: ${items.map((i) => i.id)}`);
  const afterIds = new Set(after.map((i) => i.id));
  let kept = 0;
  let closed = 0;
  for (const item of before) {
    if (afterIds.has(item.id)) {
      kept++;
      continue;
    }
    closed++;
    const now = afterByKey.get(keyOf(item));
    if (now) problems.push(`${what} ${keyOf(item)} was ${item.id}, is now ${now[0]!.id}`);
  }
  return { kept, closed, problems };
}

/** An event of the audit trail, as the carry-over check reads it. */
export type TrailEvent = Pick<AuditEvent, 'at' | 'kind' | 'subject' | 'actor' | 'data'>;

/**
 * Whether an event changed a stop or its courier's route: a report on the stop, a move of any
 * stop onto or off the route, a new version of the route, or the courier's phone reporting on
 * any of its stops (an arrival ahead moves every prediction behind it).
 */
export function changesRoute(e: TrailEvent, courierId: number, stopId: number): boolean {
  if (e.kind === 'route.changed') return e.subject.type === 'courier' && e.subject.id === courierId;
  if (!e.kind.startsWith('stop.')) return false;
  return (
    e.subject.id === stopId ||
    (e.actor.type === 'courier' && e.actor.id === courierId) ||
    e.data.from === courierId ||
    e.data.to === courierId ||
    e.data.courierId === courierId
  );
}

/**
 * Whether the load that went on after a kill explains a stop's alert replaced across the
 * restart: the old one resolved after a change of its stop or its courier's route since the kill
 * (`changesAt`, epoch ms), so its condition went away with that change and the new one opened on
 * what came after. A replacement with no such change is the restart's doing.
 */
export function replacedByLoad(
  old: Pick<AlertView, 'resolvedAt'>,
  changesAt: readonly number[],
  killedAt: number,
): boolean {
  const resolvedAt = old.resolvedAt;
  return resolvedAt != null && changesAt.some((t) => t >= killedAt && t <= resolvedAt);
}

/**
 * Where two JSON documents differ: paths whose numbers differ by more than `relative` of the
 * larger (or which only one has, or which hold different values of another kind), with both
 * values. Arrays are compared item by item.
 */
export function jsonDifferences(a: unknown, b: unknown, relative: number, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const scale = Math.max(Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= relative * scale ? [] : [`${path}: ${a} against ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out = a.length === b.length ? [] : [`${path}: ${a.length} items against ${b.length}`];
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      out.push(...jsonDifferences(a[i], b[i], relative, `${path}[${i}]`));
    return out;
  }
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    return [...new Set([...Object.keys(x), ...Object.keys(y)])].flatMap((key) =>
      key in x && key in y
        ? jsonDifferences(x[key], y[key], relative, `${path}.${key}`)
        : [`${path}.${key}: only in ${key in x ? 'the first' : 'the second'}`],
    );
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`];
}

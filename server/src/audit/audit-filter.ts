import {
  DomainError,
  SECURITY_EVENT_KINDS,
  type AuditQuery,
  type SecurityKind,
} from '@dispatch/shared';
import type { SecurityEventKind } from '../events/event-log';

// The console's list of security kinds names exactly the ones the server records.
type KindsAgree = [SecurityEventKind] extends [SecurityKind]
  ? [SecurityKind] extends [SecurityEventKind]
    ? true
    : never
  : never;
const kindsAgree: KindsAgree = true;
void kindsAgree;

/** What the audit trail is filtered by: the query without its page size. */
export type AuditFilter = Omit<AuditQuery, 'limit'>;

/**
 * SQL conditions over the event `e` and its resolved hub `r.hub_id`, all to hold, with their
 * positional parameters (`$1`… in order).
 */
export interface AuditConditions {
  conditions: string[];
  params: unknown[];
}

/** A kind list split into exact kinds and prefixes (items ending in `.`). */
export function parseKinds(list: string): { exact: string[]; prefixes: string[] } {
  const items = [...new Set(list.split(',').filter((k) => k.length > 0))];
  return {
    exact: items.filter((k) => !k.endsWith('.')),
    prefixes: items.filter((k) => k.endsWith('.')),
  };
}

const textArray = (items: readonly string[]) => `{${items.join(',')}}`;

/**
 * The conditions of `filter` for a viewer bound to `viewerHubId` (null: every hub). A viewer
 * bound to a hub sees only the events of that hub, never those without one; naming another hub
 * is `not_found`, as if it did not exist. An actor or subject id needs its type; an empty or
 * reversed time range is `invalid`.
 */
export function auditConditions(filter: AuditFilter, viewerHubId: number | null): AuditConditions {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  if (filter.kind !== undefined) {
    const { exact, prefixes } = parseKinds(filter.kind);
    const any = [
      ...(exact.length > 0 ? [`e.kind = any(${param(textArray(exact))}::text[])`] : []),
      ...prefixes.map((p) => `starts_with(e.kind, ${param(p)})`),
    ];
    if (any.length === 0) throw new DomainError('invalid', 'name at least one kind');
    conditions.push(any.length === 1 ? any[0]! : `(${any.join(' or ')})`);
  }
  if (filter.securityOnly)
    conditions.push(`e.kind = any(${param(textArray(SECURITY_EVENT_KINDS))}::text[])`);

  if (filter.actorId !== undefined && filter.actorType === undefined)
    throw new DomainError('invalid', 'name the actor type (actorType) with its id');
  if (filter.actorType !== undefined) conditions.push(`e.actor_type = ${param(filter.actorType)}`);
  if (filter.actorId !== undefined) conditions.push(`e.actor_id = ${param(filter.actorId)}`);

  if (filter.subjectId !== undefined && filter.subjectType === undefined)
    throw new DomainError('invalid', 'name the subject type (subjectType) with its id');
  if (filter.subjectType !== undefined)
    conditions.push(`e.subject_type = ${param(filter.subjectType)}`);
  if (filter.subjectId !== undefined) conditions.push(`e.subject_id = ${param(filter.subjectId)}`);

  if (viewerHubId !== null && filter.hubId !== undefined && filter.hubId !== viewerHubId)
    throw new DomainError('not_found', `hub ${filter.hubId} does not exist`);
  const hubId = viewerHubId ?? filter.hubId;
  if (hubId !== undefined) conditions.push(`r.hub_id = ${param(hubId)}`);

  if (filter.from !== undefined && filter.to !== undefined && filter.to <= filter.from)
    throw new DomainError('invalid', '`to` must be after `from`');
  if (filter.from !== undefined)
    conditions.push(`e.at >= ${param(new Date(filter.from).toISOString())}`);
  if (filter.to !== undefined)
    conditions.push(`e.at < ${param(new Date(filter.to).toISOString())}`);

  if (filter.before !== undefined) conditions.push(`e.id < ${param(filter.before)}`);
  return { conditions, params };
}

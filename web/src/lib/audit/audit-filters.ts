import {
  zonedDayBounds,
  type AuditActorType,
  type AuditQuery,
  type AuditSubjectType,
} from '@dispatch/shared';

/** The kinds of change the audit page's filter groups events by. */
export const KIND_GROUPS = {
  stops: ['stop.', 'notification.'],
  routes: ['route.'],
  couriers: ['courier.'],
  alerts: ['alert.'],
  suggestions: ['suggestion.'],
  security: ['auth.', 'user.', 'scope.'],
  devices: [
    'device.',
    'courier.token_rotated',
    'courier.token_revoked',
    'courier.pairing_created',
    'courier.paired',
  ],
  setup: ['hub.', 'shop.', 'api_key.', 'webhook.'],
} as const satisfies Record<string, readonly string[]>;
export type KindGroup = keyof typeof KIND_GROUPS;
export const KIND_GROUP_NAMES = Object.keys(KIND_GROUPS) as KindGroup[];

/** What the page filters by, as its controls hold it (days are the hub's calendar days). */
export interface AuditFilterState {
  group: KindGroup | 'all';
  actorType: AuditActorType | 'any';
  actorId: number | null;
  subjectType: AuditSubjectType | 'any';
  subjectId: number | null;
  hubId: number | null;
  /** `YYYY-MM-DD`, or '' for no bound. */
  fromDay: string;
  toDay: string;
  securityOnly: boolean;
}

export const NO_FILTER: AuditFilterState = {
  group: 'all',
  actorType: 'any',
  actorId: null,
  subjectType: 'any',
  subjectId: null,
  hubId: null,
  fromDay: '',
  toDay: '',
  securityOnly: false,
};

/**
 * The API query for the filters, in `timeZone` (the days run from the start of `fromDay` to the
 * end of `toDay` there); ids only with their type.
 */
export function auditQuery(filter: AuditFilterState, timeZone: string): Omit<AuditQuery, 'limit'> {
  const query: Omit<AuditQuery, 'limit'> = {};
  if (filter.group !== 'all') query.kind = KIND_GROUPS[filter.group].join(',');
  if (filter.actorType !== 'any') {
    query.actorType = filter.actorType;
    if (filter.actorId !== null) query.actorId = filter.actorId;
  }
  if (filter.subjectType !== 'any') {
    query.subjectType = filter.subjectType;
    if (filter.subjectId !== null) query.subjectId = filter.subjectId;
  }
  if (filter.hubId !== null) query.hubId = filter.hubId;
  if (filter.fromDay) query.from = zonedDayBounds(filter.fromDay, timeZone).startMs;
  if (filter.toDay) query.to = zonedDayBounds(filter.toDay, timeZone).endMs;
  if (filter.securityOnly) query.securityOnly = true;
  return query;
}

/** `?kind=…&hubId=…` of the query's set fields. */
export function auditQueryString(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

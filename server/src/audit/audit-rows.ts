import type { AuditEvent } from '@dispatch/shared';

/** One event row as `audit-reads.ts` selects it, with the names its joins found. */
export interface AuditRow {
  id: number;
  at: number;
  kind: string;
  actor_type: string;
  actor_id: number | null;
  /** The user's or courier's name, or the API key's shop; null when gone or not named. */
  actor_name: string | null;
  subject_type: string;
  subject_id: number | null;
  data: Record<string, unknown> | null;
  hub_id: number | null;
  hub_name: string | null;
  stop_ref: string | null;
  stop_address: string | null;
  courier_name: string | null;
  user_name: string | null;
  user_email: string | null;
  subject_hub_name: string | null;
  alert_kind: string | null;
  /** The alert's courier, else its stop's reference. */
  alert_about: string | null;
  suggestion_text: string | null;
  shop_name: string | null;
  key_name: string | null;
  key_shop_name: string | null;
}

/** Actors that have no record of their own are named by their type. */
const UNNAMED_ACTORS = new Set(['system', 'customer', 'anonymous']);

function subjectNames(row: AuditRow): { label: string | null; detail: string | null } {
  switch (row.subject_type) {
    case 'stop':
      return row.stop_address === null
        ? { label: null, detail: null }
        : { label: row.stop_ref ?? `#${row.subject_id}`, detail: row.stop_address };
    case 'courier':
      return { label: row.courier_name, detail: null };
    case 'user':
      return { label: row.user_name, detail: row.user_email };
    case 'hub':
      return { label: row.subject_hub_name, detail: null };
    case 'alert':
      return { label: row.alert_kind, detail: row.alert_about };
    case 'suggestion':
      return { label: null, detail: row.suggestion_text };
    case 'shop':
      return { label: row.shop_name, detail: null };
    case 'api_key':
      return { label: row.key_name, detail: row.key_shop_name };
    default:
      return { label: null, detail: null };
  }
}

/** A stored row as the API answers it. */
export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    actor: {
      type: row.actor_type,
      id: row.actor_id,
      name: UNNAMED_ACTORS.has(row.actor_type) ? row.actor_type : row.actor_name,
    },
    subject: { type: row.subject_type, id: row.subject_id, ...subjectNames(row) },
    hubId: row.hub_id,
    hubName: row.hub_name,
    data: row.data ?? {},
  };
}

/** Keys of a stop's or route's event data that hold a courier id (a move's ends, its courier). */
const COURIER_KEYS = ['from', 'to', 'courierId'] as const;

/** Courier ids the stop and route events' data mention, for naming them in one read. */
export function mentionedCourierIds(events: readonly AuditEvent[]): number[] {
  const ids = new Set<number>();
  for (const e of events) {
    if (!e.kind.startsWith('stop.') && !e.kind.startsWith('route.')) continue;
    for (const key of COURIER_KEYS) {
      const value = e.data[key];
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) ids.add(value);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

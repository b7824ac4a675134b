import type { OrderInput } from '@dispatch/shared';
import type { Sql } from '../../server/src/db/client';

const HOUR = 3_600_000;

/** An order from a shop for a window later today (two hours from now, two hours long). */
export function orderInput(reference: string, over: Partial<OrderInput> = {}): OrderInput {
  const start = Date.now() + 2 * HOUR;
  return {
    reference,
    customer: { name: 'Ana Lima', phone: '+55 67 99999-0000', email: 'ana@example.com' },
    address: 'Rua 14 de Julho, 100',
    lat: -20.466,
    lng: -54.615,
    windowStart: new Date(start).toISOString(),
    windowEnd: new Date(start + 2 * HOUR).toISOString(),
    ...over,
  };
}

/** Rows an order writes: its stops, its idempotency record and the stops' outbox events. */
export async function orderRowCounts(db: Sql) {
  const count = async (table: string) =>
    (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  return {
    stops: await count('stops'),
    idempotency: await count('idempotency_keys'),
    outbox: await count('notification_events'),
  };
}

/** The stored stops of an order reference, oldest first. */
export const orderStopRows = (db: Sql, reference: string) =>
  db.query<{
    id: number;
    kind: string;
    hub_id: number;
    shop_id: number;
    customer_email: string | null;
    customer_language: string | null;
    delivery_code: string | null;
    demand: number;
  }>('select * from stops where order_ref = $1 order by id', [reference]);

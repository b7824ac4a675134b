import { Compile } from 'typebox/compile';
import {
  DomainError,
  OrderHeadersSchema,
  type OrderInput,
  type StopInput,
  type WireError,
} from '@dispatch/shared';
import type { StopOrderColumns } from '../stops/stop-service';

const DAY_MS = 24 * 3_600_000;
const IdempotencyKey = Compile(OrderHeadersSchema.properties['idempotency-key']);

/** The request's `Idempotency-Key`; `invalid` when it is missing or not 1–200 printable characters. */
export function idempotencyKeyOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? undefined : header;
  if (value === undefined || !IdempotencyKey.Check(value))
    throw new DomainError(
      'invalid',
      'the Idempotency-Key header is required: 1 to 200 printable characters naming this order request',
      [{ path: 'headers/idempotency-key', message: value === undefined ? 'missing' : 'malformed' }],
    );
  return value;
}

const instant = (value: string | number) => (typeof value === 'number' ? value : Date.parse(value));

/**
 * What is wrong with an order's windows in plain words: each must end after it starts and not
 * have ended more than a day ago; a pickup must be able to happen before the delivery's window
 * closes.
 */
export function orderWindowProblems(
  order: Pick<OrderInput, 'windowStart' | 'windowEnd' | 'pickup'>,
  nowMs: number,
): NonNullable<WireError['details']> {
  const problems: NonNullable<WireError['details']> = [];
  const check = (path: string, w: { windowStart: string | number; windowEnd: string | number }) => {
    const start = instant(w.windowStart);
    const end = instant(w.windowEnd);
    if (!(end > start))
      problems.push({ path: `${path}/windowEnd`, message: 'windowEnd must be after windowStart' });
    else if (end < nowMs - DAY_MS)
      problems.push({
        path: `${path}/windowEnd`,
        message: 'the window ended more than a day ago',
      });
  };
  check('', order);
  if (order.pickup) {
    check('/pickup', order.pickup);
    if (instant(order.pickup.windowStart) >= instant(order.windowEnd))
      problems.push({
        path: '/pickup/windowStart',
        message: 'the pickup window must start before the delivery window ends',
      });
  }
  return problems;
}

/** An order as the stop import takes it: its pickup (when it has one) first, then its delivery. */
export interface OrderStops {
  items: StopInput[];
  /** The columns each item gets beyond the import's: the shop, and the customer's contact. */
  columns: (index: number) => StopOrderColumns;
  /** Where each item came from in the order, to name a refused field (`''` or `/pickup`). */
  paths: string[];
}

export function orderStops(order: OrderInput, hubId: number, shopId: number): OrderStops {
  const common = {
    orderRef: order.reference,
    hubId,
    demand: order.parcels ?? 1,
    ...(order.serviceTier ? { slaTier: order.serviceTier } : {}),
  };
  const delivery: StopInput = {
    ...common,
    kind: 'delivery',
    address: order.address,
    lat: order.lat,
    lng: order.lng,
    windowStart: order.windowStart,
    windowEnd: order.windowEnd,
    customerName: order.customer.name,
    ...(order.customer.phone ? { customerPhone: order.customer.phone } : {}),
    ...(order.notes ? { notes: order.notes } : {}),
    ...(order.requiresCode ? { requiresCode: true } : {}),
  };
  const contact: StopOrderColumns = {
    shopId,
    customerEmail: order.customer.email ?? null,
    customerLanguage: order.customer.language ?? null,
  };
  if (!order.pickup) return { items: [delivery], columns: () => contact, paths: [''] };
  const { address, lat, lng, windowStart, windowEnd } = order.pickup;
  const pickup: StopInput = {
    ...common,
    kind: 'pickup',
    address,
    lat,
    lng,
    windowStart,
    windowEnd,
  };
  return {
    items: [pickup, delivery],
    columns: (index) => (index === 0 ? { shopId } : contact),
    paths: ['/pickup', ''],
  };
}

/** An import refusal's details (`stops[1]`) named by the order's own paths (`/pickup`). */
export function orderDetails(
  details: WireError['details'],
  paths: readonly string[],
): WireError['details'] {
  return details?.map((d) => {
    const index = /^stops\[(\d+)\]$/.exec(d.path)?.[1];
    const path = index === undefined ? undefined : paths[Number(index)];
    return path === undefined ? d : { path: path || '/', message: d.message };
  });
}

import type { CustomerLanguage, WindowSlot } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { Actor } from '../events/event-log';
import type { Rng } from '../lib/rng';
import { FIRST_NAMES, LAST_NAMES } from '../simulator/demo-names';

/** A made-up customer of a demo delivery. */
export interface DemoCustomer {
  name: string;
  /** E.164, Campo Grande's area code and a mobile's leading 9. */
  phone: string;
  /** Always at example.com: never a real mailbox. */
  email: string;
  language: CustomerLanguage;
}

/** Share of demo customers who read Brazilian Portuguese (the demo city is Campo Grande). */
export const DEMO_PT_BR_SHARE = 0.8;

/** The windows demo hubs offer customers who reschedule: four of three hours, 09:00 to 21:00. */
export const DEMO_SLOT_HOURS = [
  [9, 12],
  [12, 15],
  [15, 18],
  [18, 21],
] as const;

/** The demo shop's name: a shop with no webhook, ready for an API key. */
export const DEMO_SHOP_NAME = 'Loja Demo';

/** The customer of the `n`th demo delivery: a name from the demo lists and contacts made of it. */
export function demoCustomer(rng: Rng, n: number): DemoCustomer {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const local = `${asciiLower(first)}.${asciiLower(last)}.${n}`;
  return {
    name: `${first} ${last}`,
    phone: `+55679${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
    email: `${local}@example.com`,
    language: rng.chance(DEMO_PT_BR_SHARE) ? 'pt-BR' : 'en',
  };
}

/**
 * A hub's demo window slots for a day of `stopsPerDay` customer stops: each slot takes a quarter
 * of them and a quarter more, so rescheduling finds room without every window being open-ended.
 */
export function demoWindowSlots(stopsPerDay: number): WindowSlot[] {
  const capacity = Math.max(10, Math.ceil((stopsPerDay / DEMO_SLOT_HOURS.length) * 1.25));
  return DEMO_SLOT_HOURS.map(([from, to]) => ({
    startMinute: from * 60,
    endMinute: to * 60,
    capacity,
  }));
}

function asciiLower(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** What the demo's customer side uses of the server. */
export interface DemoCustomerParts {
  db: Pick<Database, 'query'>;
  hubs: { list(): Promise<{ id: number }[]> };
  windowSlots: {
    get(hubId: number): Promise<{ slots: WindowSlot[] }>;
    put(hubId: number, input: { slots: WindowSlot[] }, actor: Actor): Promise<unknown>;
  };
  shops: {
    listShops(): Promise<unknown[]>;
    createShop(input: { hubId: number; name: string }, actor: Actor): Promise<unknown>;
  };
}

/** What seeding the demo's customer side did. */
export interface DemoCustomerSeed {
  customersAdded: number;
  hubsGivenSlots: number;
  shopCreated: boolean;
}

const CUSTOMER_ROWS_PER_UPDATE = 2000;

/**
 * Fills in what a delivery company would have on its demo: customers (name, phone, email,
 * language) on deliveries and customer returns that have none, window slots on hubs that offer
 * none (capacities from the hub's open customer stops), and one shop when there is none. Changes
 * nothing already set, so every start may run it.
 */
export async function seedDemoCustomerSide(
  parts: DemoCustomerParts,
  rng: Rng,
): Promise<DemoCustomerSeed> {
  const system = { type: 'system' as const };
  const customersAdded = await addDemoCustomers(parts.db, rng);
  const hubs = await parts.hubs.list();
  const open = await parts.db.query<{ hubId: number; n: number }>(
    `select hub_id as "hubId", count(*)::int as n from stops
      where hub_id is not null and kind in ('delivery', 'return_pickup')
        and status in ('unassigned', 'assigned', 'en_route', 'arrived')
      group by hub_id`,
  );
  let hubsGivenSlots = 0;
  for (const hub of hubs) {
    if ((await parts.windowSlots.get(hub.id)).slots.length > 0) continue;
    const stops = open.find((r) => r.hubId === hub.id)?.n ?? 0;
    await parts.windowSlots.put(hub.id, { slots: demoWindowSlots(stops) }, system);
    hubsGivenSlots += 1;
  }
  let shopCreated = false;
  if (hubs.length > 0 && (await parts.shops.listShops()).length === 0) {
    await parts.shops.createShop({ hubId: hubs[0]!.id, name: DEMO_SHOP_NAME }, system);
    shopCreated = true;
  }
  return { customersAdded, hubsGivenSlots, shopCreated };
}

/** Customers on deliveries and returns that have no name, phone or email; returns how many. */
async function addDemoCustomers(db: Pick<Database, 'query'>, rng: Rng): Promise<number> {
  const bare = await db.query<{ id: number }>(
    `select id from stops
      where kind in ('delivery', 'return_pickup')
        and customer_name is null and customer_phone is null and customer_email is null
      order by id`,
  );
  for (let i = 0; i < bare.length; i += CUSTOMER_ROWS_PER_UPDATE) {
    const rows = bare
      .slice(i, i + CUSTOMER_ROWS_PER_UPDATE)
      .map(({ id }) => ({ id, ...demoCustomer(rng.fork(id), id) }));
    // Contact columns only: the outbox trigger has nothing to say about them.
    await db.query(
      `update stops s set customer_name = c.name, customer_phone = c.phone,
              customer_email = c.email, customer_language = c.language
         from jsonb_to_recordset($1::jsonb) as c(id int, name text, phone text, email text, language text)
        where s.id = c.id`,
      [JSON.stringify(rows)],
    );
  }
  return bare.length;
}

/**
 * A stop to open the customer's page of at start: the third open stop of the first route that has
 * one, if it is a delivery with a customer (the courier is on the way, not there yet).
 */
export async function demoTrackingStop(db: Pick<Database, 'query'>): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(
    `select id from (
       select id, kind, customer_email, courier_id,
              row_number() over (partition by courier_id order by sequence, id) as place
         from stops
        where courier_id is not null and status in ('assigned', 'en_route', 'arrived')
     ) open_stops
     where place = 3 and kind = 'delivery' and customer_email is not null
     order by courier_id
     limit 1`,
  );
  return row?.id ?? null;
}

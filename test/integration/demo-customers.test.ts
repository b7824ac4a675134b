import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationLog } from '@dispatch/shared';
import {
  DEMO_SHOP_NAME,
  demoTrackingStop,
  seedDemoCustomerSide,
  type DemoCustomerParts,
} from '../../server/src/cli/demo-customers';
import { seedDemo } from '../../server/src/cli/demo-seed';
import { createRng } from '../../server/src/lib/rng';
import { ShopService } from '../../server/src/orders/shop-service';
import { gridNetwork } from '../../server/src/streets/grid';
import { WindowSlotStore } from '../../server/src/tracking/window-slots';
import { TestServer, eventually } from '../helpers/test-server';

const CENTER = { lat: -20.4697, lng: -54.6201 };

interface CustomerRow {
  id: number;
  kind: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  language: string | null;
}

describe("the demo's customer side", () => {
  let server: TestServer;
  let parts: DemoCustomerParts;

  beforeAll(async () => {
    server = await TestServer.start();
    const network = gridNetwork({
      centerLat: CENTER.lat,
      centerLng: CENTER.lng,
      radiusMeters: 3000,
    });
    await seedDemo(server.app, {
      network,
      hub: { name: 'Demo hub', ...CENTER },
      couriers: 4,
      stops: 60,
      seed: 3,
      dataDir: mkdtempSync(join(tmpdir(), 'dispatch-demo-customers-')),
    });
    parts = {
      db: server.app.db,
      hubs: server.app.hubs,
      windowSlots: new WindowSlotStore(server.app.db.orm),
      shops: new ShopService(server.app.db.orm),
    };
  });
  afterAll(async () => {
    await server?.stop();
  });

  const customers = () =>
    server.app.db.query<CustomerRow>(
      `select id, kind, customer_name as name, customer_phone as phone,
              customer_email as email, customer_language as language
         from stops order by id`,
    );

  it('gives every delivery and return a made-up customer, slots to the hub and one shop', async () => {
    const seeded = await seedDemoCustomerSide(parts, createRng(1));
    const rows = await customers();
    const customerStops = rows.filter((r) => r.kind === 'delivery' || r.kind === 'return_pickup');
    expect(seeded).toEqual({
      customersAdded: customerStops.length,
      hubsGivenSlots: 1,
      shopCreated: true,
    });
    for (const r of customerStops) {
      expect(r.name).toMatch(/^\S+ \S+$/);
      expect(r.phone).toMatch(/^\+55679\d{8}$/);
      expect(r.email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.com$/);
      expect(['pt-BR', 'en']).toContain(r.language);
    }
    expect(rows.filter((r) => r.kind === 'pickup').every((r) => r.name === null)).toBe(true);
    const [hub] = await server.app.hubs.list();
    const { slots } = await parts.windowSlots.get(hub!.id);
    expect(slots.map((s) => [s.startMinute / 60, s.endMinute / 60])).toEqual([
      [9, 12],
      [12, 15],
      [15, 18],
      [18, 21],
    ]);
    expect(slots.every((s) => s.capacity >= 10)).toBe(true);
    const shops = await parts.shops.listShops();
    expect(shops).toMatchObject([{ name: DEMO_SHOP_NAME, hubId: hub!.id }]);
  });

  it('changes nothing on a later start', async () => {
    const before = await customers();
    const again = await seedDemoCustomerSide(parts, createRng(99));
    expect(again).toEqual({ customersAdded: 0, hubsGivenSlots: 0, shopCreated: false });
    expect(await customers()).toEqual(before);
    expect(await parts.shops.listShops()).toHaveLength(1);
  });

  it("points at a delivery on a courier's route whose messages are logged for the stop drawer", async () => {
    const stopId = await demoTrackingStop(server.app.db);
    expect(stopId).not.toBeNull();
    const [stop] = await server.app.db.query<{ kind: string; courierId: number | null }>(
      `select kind, courier_id as "courierId" from stops where id = $1`,
      [stopId],
    );
    expect(stop).toMatchObject({ kind: 'delivery' });
    expect(stop!.courierId).not.toBeNull();
    expect(await server.app.customers.links.linkFor(stopId!)).toMatch(/\/t\/[\w-]+$/);

    // Its courier sets off: without SMTP or SMS settings the messages are logged, not sent.
    await server.app.db.query(`update stops set status = 'en_route' where id = $1`, [stopId]);
    const admin = await server.login();
    const logged = await eventually(
      async () => {
        const log = await server.request<NotificationLog>(
          'GET',
          `/api/v1/notifications?stopId=${stopId}`,
          { cookie: admin },
        );
        const channels = log.body.deliveries
          .filter((d) => d.type === 'stop.out_for_delivery' && d.status === 'logged')
          .map((d) => d.channel)
          .sort();
        return channels.length === 2 ? channels : undefined;
      },
      20_000,
      'the logged messages',
    );
    expect(logged).toEqual(['email', 'sms']);
  });
});

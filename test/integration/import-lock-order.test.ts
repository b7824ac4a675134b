import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/test-server';

const HOME = { lat: -20.46, lng: -54.61 };

/**
 * A stop import onto two couriers' routes while another transaction holds the first courier's
 * row and then takes the second's, in id order, as the ping commit of several nodes does. The
 * import locks its couriers in id order too, so it waits instead of deadlocking. The second
 * courier's row is made to come first in the table, where an unordered update would lock it
 * first and deadlock.
 */
describe('a stop import beside a commit that locks the same couriers', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  it('waits for the other transaction and lands, with no deadlock', async (context) => {
    const url = server.config.DATABASE_URL;
    if (!url) {
      // The embedded database runs one transaction at a time: no two can hold locks at once.
      context.skip();
      return;
    }
    const ana = (await server.createCourier(cookie, { name: 'Ana' })).id;
    const ben = (await server.createCourier(cookie, { name: 'Ben' })).id;
    expect(ana).toBeLessThan(ben);
    // A new version of Ana's row, after Ben's in the table.
    await server.app.db.query(`update couriers set name = 'Ana B' where id = $1`, [ana]);

    const other = postgres(url, { max: 1, onnotice: () => {} });
    try {
      let releaseOther = () => {};
      const otherDone = other.begin(async (tx) => {
        await tx`select id from couriers where id = ${ana} for no key update`;
        await new Promise<void>((resolve) => (releaseOther = resolve));
        await tx`select id from couriers where id = ${ben} for no key update`;
      });
      await new Promise((r) => setTimeout(r, 200));
      const now = Date.now();
      const stop = (courierId: number, k: number) => ({
        address: `Rua ${k}`,
        lat: HOME.lat,
        lng: HOME.lng,
        windowStart: now,
        windowEnd: now + 3_600_000,
        courierId,
      });
      const imported = server.app.stops.importStops([stop(ben, 1), stop(ana, 2)], {
        type: 'system',
      });
      // Let the import reach its locks before the other transaction takes its second one.
      await new Promise((r) => setTimeout(r, 300));
      releaseOther();
      await otherDone;
      expect(await imported).toHaveLength(2);
    } finally {
      await other.end({ timeout: 1 });
    }
  });
});

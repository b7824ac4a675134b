import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/test-server';
import { Fingerprint, changed } from './fingerprint';

/** What the probes count as a write: every change a request makes, none a background loop does. */
describe('the write fingerprint', () => {
  let server: TestServer;
  let fingerprint: Fingerprint;
  let stopId: number;

  beforeAll(async () => {
    server = await TestServer.start({ SUGGESTIONS: 'off' });
    const cookie = await server.login();
    const hub = await server.request<{ id: number }>('POST', '/api/v1/hubs', {
      cookie,
      body: { name: 'Centro', lat: -20.46, lng: -54.61 },
    });
    const now = Date.now();
    const stops = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          {
            orderRef: 'F-1',
            address: '1 Rua A',
            lat: -20.45,
            lng: -54.6,
            windowStart: now,
            windowEnd: now + 3_600_000,
            hubId: hub.body.id,
          },
        ],
      },
    });
    stopId = stops.body.ids[0]!;
    fingerprint = await Fingerprint.of(server.app.db);
  });
  afterAll(() => server?.stop());

  const update = (set: string) =>
    server.app.db.query(`update stops set ${set} where id = $1`, [stopId]);

  it("sees an update of a stop's own fields", async () => {
    const before = await fingerprint.settled(['stops']);
    await update(`address = '2 Rua B'`);
    expect(changed(before, await fingerprint.read(['stops']))).toEqual(['stops#rows']);
  });

  it('sees an insert in any table by its count', async () => {
    const before = await fingerprint.settled([]);
    await server.app.db.query(
      `insert into events (actor_type, kind, subject_type) values ('system', 'test.noted', 'stop')`,
    );
    expect(changed(before, await fingerprint.read([]))).toEqual(['events']);
  });

  it("leaves out what background loops write: the stop's ETA and what its customer was told", async () => {
    const before = await fingerprint.settled(['stops']);
    await update(`eta = now(), notified_eta = now(), notified_eta_at = now()`);
    expect(changed(before, await fingerprint.read(['stops']))).toEqual([]);
  });
});

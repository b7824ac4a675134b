import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, eventually } from '../helpers/test-server';

describe('OsmAnd protocol (Traccar Client and trackers)', () => {
  let server: TestServer;
  let courierId: number;
  /** The courier's tracker secret: what Traccar Client sends as its device identifier. */
  let deviceId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    const cookie = await server.login();
    courierId = (await server.createCourier(cookie, { externalDeviceId: 'traccar-42' })).id;
    const issued = await server.request<{ secret: string }>(
      'POST',
      `/api/v1/couriers/${courierId}/osmand-secret`,
      { cookie },
    );
    deviceId = issued.body.secret;
  });
  afterAll(() => server?.stop());

  /** Sends one request and returns the row it stored. */
  async function sendAndFind(url: string, init: RequestInit, expectedT: number) {
    const res = await fetch(server.osmandUrl + url, init);
    expect(res.status, await res.clone().text()).toBe(200);
    return eventually(
      async () => (await server.storedPings(courierId)).find((r) => r.t === expectedT),
      5000,
      'stored ping',
    );
  }

  // Distinct whole-second times in the recent past, one per case, so each row can be found.
  const base = Math.floor(Date.now() / 1000) - 3600;
  const at = (i: number) => base + i * 7;
  const iso = (sec: number) => new Date(sec * 1000).toISOString();
  const plain = (sec: number) => iso(sec).replace('T', ' ').slice(0, 19);

  const cases: [string, () => [string, RequestInit, number, number, number]][] = [
    [
      'GET with unix seconds',
      () => [
        `/?id=${deviceId}&lat=52.5001&lon=13.4001&timestamp=${at(1)}`,
        {},
        at(1),
        52.5001,
        13.4001,
      ],
    ],
    [
      'GET with unix milliseconds',
      () => [
        `/?id=${deviceId}&lat=52.5002&lon=13.4002&timestamp=${at(2) * 1000}`,
        {},
        at(2),
        52.5002,
        13.4002,
      ],
    ],
    [
      'GET with ISO 8601',
      () => [
        `/?id=${deviceId}&lat=52.5003&lon=13.4003&timestamp=${encodeURIComponent(iso(at(3)))}`,
        {},
        at(3),
        52.5003,
        13.4003,
      ],
    ],
    [
      'GET with yyyy-MM-dd HH:mm:ss',
      () => [
        `/?id=${deviceId}&lat=52.5004&lon=13.4004&timestamp=${encodeURIComponent(plain(at(4)))}`,
        {},
        at(4),
        52.5004,
        13.4004,
      ],
    ],
    [
      'GET with deviceid and location=lat,lon',
      () => [
        `/?deviceid=${deviceId}&location=52.5005,13.4005&timestamp=${at(5)}`,
        {},
        at(5),
        52.5005,
        13.4005,
      ],
    ],
    [
      'POST with the parameters in the query',
      () => [
        `/?id=${deviceId}&lat=52.5006&lon=13.4006&timestamp=${at(6)}`,
        { method: 'POST' },
        at(6),
        52.5006,
        13.4006,
      ],
    ],
    [
      'POST with a form body',
      () => [
        '/',
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `id=${deviceId}&lat=52.5007&lon=13.4007&timestamp=${at(7)}&speed=10&bearing=90&accuracy=8&batt=55`,
        },
        at(7),
        52.5007,
        13.4007,
      ],
    ],
    [
      'POST with the JSON body',
      () => [
        '/',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            device_id: deviceId,
            location: {
              timestamp: iso(at(8)),
              coords: {
                latitude: 52.5008,
                longitude: 13.4008,
                accuracy: 6,
                speed: 4.2,
                heading: 180,
              },
              battery: { level: 0.7 },
            },
          }),
        },
        at(8),
        52.5008,
        13.4008,
      ],
    ],
  ];

  it.each(cases)('stores the position and time from %s', async (_name, make) => {
    const [url, init, sec, lat, lng] = make();
    const row = await sendAndFind(url, init, sec * 1000);
    expect(row.lat).toBeCloseTo(lat, 6);
    expect(row.lng).toBeCloseTo(lng, 6);
  });

  it('converts knots, battery percent and accuracy', async () => {
    const rows = await server.app.db.query<{
      speed_mps: number;
      heading: number;
      accuracy_meters: number;
      battery: number;
    }>(
      'select speed_mps, heading, accuracy_meters, battery from pings where courier_id = $1 and t = to_timestamp($2)',
      [courierId, at(7)],
    );
    expect(rows[0]!.speed_mps).toBeCloseTo(5.14444, 3);
    expect(rows[0]!.heading).toBe(90);
    expect(rows[0]!.accuracy_meters).toBe(8);
    expect(rows[0]!.battery).toBeCloseTo(0.55, 5);
  });

  it('stores a tracker retry of the same fix once', async () => {
    const url = `/?id=${deviceId}&lat=52.51&lon=13.41&timestamp=${at(20)}`;
    expect((await fetch(server.osmandUrl + url)).status).toBe(200);
    expect((await fetch(server.osmandUrl + url)).status).toBe(200);
    const rows = (await server.storedPings(courierId)).filter((r) => r.t === at(20) * 1000);
    expect(rows.length).toBe(1);
  });

  it('moves the live position', async () => {
    const now = Math.floor(Date.now() / 1000);
    await fetch(`${server.osmandUrl}/?id=${deviceId}&lat=52.6&lon=13.5&timestamp=${now}`);
    const live = server.app.fleet.get(courierId)!;
    expect(live.fix).toMatchObject({ lat: 52.6, lng: 13.5, t: now * 1000 });
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsmAnd } from '../../server/src/ingest/osmand';
import { TestServer } from '../helpers/test-server';
import { CaseTally, fuzz } from './fuzz-run';
import { buildFuzzWorld, type FuzzWorld } from './fuzz-world';
import { anyHostile, hostileKey, longText, nanLikeText, objectOf } from './hostile-values';
import { nearValid, type JsonSchema } from './schema-values';
import {
  RefusalAudit,
  RowCounts,
  expectHeapFlat,
  expectTypedAnswer,
  heapAfterGcMiB,
  watchProcessFailures,
} from './server-checks';

const tally = new CaseTally();
afterAll(() => console.log(`[fuzz] OsmAnd cases\n${tally.table()}`));

const NOW_S = Math.floor(Date.now() / 1000);

/** Text for one OsmAnd parameter: plausible for it, or awkward. */
function paramText(plausible: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: plausible },
    { weight: 1, arbitrary: nanLikeText },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.double().map(String) },
  );
}

const number = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map(String);

/** Parameters as trackers send them (query string or form), with aliases and strangers. */
function osmandParams(ids: fc.Arbitrary<string>) {
  return fc
    .record(
      {
        id: ids,
        deviceid: ids,
        lat: paramText(number(-20.5, -20.4)),
        lon: paramText(number(-54.7, -54.5)),
        location: paramText(fc.constant('-20.45,-54.6')),
        timestamp: paramText(
          fc.oneof(
            fc.integer({ min: NOW_S - 7200, max: NOW_S + 600 }).map(String),
            fc.integer({ min: NOW_S - 7200, max: NOW_S + 600 }).map((s) => String(s * 1000)),
            fc
              .integer({ min: NOW_S - 7200, max: NOW_S })
              .map((s) => new Date(s * 1000).toISOString()),
            fc.constantFrom('yesterday', '0', '-1', '99999999999999', '2024-02-30T25:61:00Z'),
          ),
        ),
        speed: paramText(number(0, 80)),
        bearing: paramText(number(0, 360)),
        heading: paramText(number(-10, 400)),
        altitude: paramText(number(-500, 9000)),
        accuracy: paramText(number(0, 200)),
        hdop: paramText(number(0, 50)),
        batt: paramText(number(0, 100)),
      },
      { requiredKeys: [] },
    )
    .chain((known) =>
      fc
        .array(fc.tuple(hostileKey, fc.oneof(fc.string({ maxLength: 10 }), longText(100, 5000))), {
          maxLength: 2,
        })
        .map((extra) => objectOf([...Object.entries(known), ...extra]) as Record<string, string>),
    );
}

/** Traccar Client 9+ JSON, near-valid by a schema of its fields. */
const TRACCAR_JSON: JsonSchema = {
  type: 'object',
  required: ['location', 'device_id'],
  properties: {
    device_id: { type: 'string', minLength: 1, maxLength: 40 },
    location: {
      type: 'object',
      required: ['coords'],
      properties: {
        timestamp: { type: 'string', format: 'date-time' },
        is_moving: { type: 'boolean' },
        coords: {
          type: 'object',
          required: ['latitude', 'longitude'],
          properties: {
            latitude: { type: 'number', minimum: -90, maximum: 90 },
            longitude: { type: 'number', minimum: -180, maximum: 180 },
            accuracy: { type: 'number', minimum: 0, maximum: 1000 },
            speed: { type: 'number', minimum: 0, maximum: 100 },
            heading: { type: 'number', minimum: 0, maximum: 360 },
            altitude: { type: 'number' },
          },
        },
        battery: {
          type: 'object',
          properties: { level: { type: 'number', minimum: 0, maximum: 1 } },
        },
      },
    },
  },
};

/** A request: method, query, body and its content type. */
function osmandRequest(ids: fc.Arbitrary<string>) {
  const jsonBody = fc
    .tuple(
      nearValid(TRACCAR_JSON, () => undefined),
      ids,
    )
    .map(([body, id]) =>
      typeof body === 'object' && body !== null && 'device_id' in body
        ? { ...body, device_id: id }
        : body,
    );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        method: fc.constant('GET' as const),
        query: osmandParams(ids),
        body: fc.constant(undefined),
        type: fc.constant(undefined),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        method: fc.constant('POST' as const),
        query: fc.oneof(fc.constant({}), osmandParams(ids)),
        body: osmandParams(ids).map((p) => new URLSearchParams(p).toString()),
        type: fc.constant('application/x-www-form-urlencoded'),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        method: fc.constant('POST' as const),
        query: fc.oneof(fc.constant({}), osmandParams(ids)),
        body: fc.oneof(jsonBody, anyHostile).map((b) => JSON.stringify(b) ?? 'null'),
        type: fc.constantFrom('application/json', 'text/plain'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        method: fc.constant('POST' as const),
        query: fc.constant({}),
        body: fc.oneof(fc.string({ maxLength: 300 }), longText(1000, 60_000)),
        type: fc.constantFrom(
          'text/plain',
          'application/json',
          'application/octet-stream',
          'text/csv',
        ),
      }),
    },
  );
}

describe('the OsmAnd parser', () => {
  it('decodes any query and body into a plausible fix or a typed 400', async () => {
    const surface = 'osmand: parser';
    const ids = fc.oneof(fc.constant('fuzz-tracker-1'), fc.string({ maxLength: 30 }), nanLikeText);
    await fuzz(
      tally,
      surface,
      fc.property(osmandRequest(ids), (r) => {
        let body: unknown = r.body;
        if (r.type === 'application/json' && typeof r.body === 'string') {
          try {
            body = JSON.parse(r.body);
          } catch {
            body = r.body;
          }
        }
        const result = parseOsmAnd({ query: r.query, body, nowMs: Date.now() });
        if (!result.ok) {
          expect(result.status).toBe(400);
          expect(result.error.code).toBe('invalid');
          tally.count(surface, 'refused');
          return;
        }
        const f = result.fix;
        expect(f.deviceId.length).toBeGreaterThan(0);
        expect(Math.abs(f.lat) <= 90 && Math.abs(f.lng) <= 180).toBe(true);
        expect(Number.isFinite(f.t)).toBe(true);
        for (const v of [f.acc, f.spd, f.hdg, f.bat])
          if (v !== undefined) expect(v).toBeGreaterThanOrEqual(0);
        tally.count(surface, 'accepted');
      }),
      25_000,
    );
  });
});

describe('the OsmAnd listener', () => {
  let server: TestServer;
  let world: FuzzWorld;
  const crashes = watchProcessFailures();

  beforeAll(async () => {
    server = await TestServer.start();
    world = await buildFuzzWorld(server);
  });
  afterAll(async () => {
    crashes.stop();
    await server?.stop();
  });

  it('stores a fix or refuses with a typed error, and a refused request writes nothing', async () => {
    const surface = 'osmand: listener';
    // Credentials a tracker may hold: a secret the app issues, where it does, and the external id.
    const credentials = [world.courier.externalDeviceId];
    const issued = await server.request<{ secret?: unknown }>(
      'POST',
      `/api/v1/couriers/${world.courier.id}/osmand-secret`,
      { cookie: world.adminCookie },
    );
    if (issued.status === 200 && typeof issued.body.secret === 'string')
      credentials.push(issued.body.secret);
    console.log(`[fuzz] ${surface}: ${credentials.length} credential(s) known to be valid`);
    const ids = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...credentials) },
      { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: nanLikeText },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{20,64}$/) },
    );
    type OsmAndCase = {
      method: 'GET' | 'POST';
      query: Record<string, string>;
      body?: string;
      type?: string;
      address: string;
    };
    const send = async (c: OsmAndCase) => {
      const res = await server.app.osmand.inject({
        method: c.method,
        url: '/',
        query: c.query,
        remoteAddress: c.address,
        ...(c.type ? { headers: { 'content-type': c.type } } : {}),
        ...(c.body === undefined ? {} : { payload: c.body }),
      });
      return expectTypedAnswer({ status: res.statusCode, body: res.body }, `OsmAnd ${c.method}`);
    };
    const audit = new RefusalAudit<OsmAndCase>(await RowCounts.of(server.app.db), send, (c) =>
      JSON.stringify(c).slice(0, 600),
    );
    await audit.start();
    const heapBefore = await heapAfterGcMiB();
    let sinceCheck = 0;
    const address = fc
      .tuple(
        fc.constantFrom('192.0.2', '198.51.100', '203.0.113'),
        fc.integer({ min: 1, max: 254 }),
      )
      .map(([net, host]) => `${net}.${host}`);
    await fuzz(
      tally,
      surface,
      fc.asyncProperty(osmandRequest(ids), address, async (r, addr) => {
        const c: OsmAndCase = { ...r, address: addr };
        const refused = await send(c);
        tally.count(surface, refused ? 'refused' : 'accepted');
        if (refused) audit.refused(c);
        else await audit.accepted();
        if (++sinceCheck >= 50) {
          await audit.check(surface);
          sinceCheck = 0;
        }
      }),
      2_500,
    );
    await audit.check(surface);
    const health = await server.app.osmand.inject({ method: 'GET', url: '/?id=x' });
    expect(health.statusCode).toBeLessThan(500);
    expect((await server.app.http.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expectHeapFlat(surface, heapBefore, await heapAfterGcMiB());
    expect(crashes.failures).toEqual([]);
  });
});

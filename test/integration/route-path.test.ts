import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleConfig, RoutePath } from '@dispatch/shared';
import { gridNetwork } from '../../server/src/streets/grid';
import { TestServer, eventually, makePings } from '../helpers/test-server';

const CENTER = { lat: -20.4697, lng: -54.6201 };
// A 200 m-block grid without avenues: every street path between nodes is a Manhattan path.
const grid = gridNetwork({
  centerLat: CENTER.lat,
  centerLng: CENTER.lng,
  radiusMeters: 2000,
  avenueEveryBlocks: 0,
});

/** Stands for a glyph PBF: the server passes the file on as it is. */
const GLYPH_BYTES = Buffer.from([0x0a, 0x03, 0x41, 0x42, 0x43]);

/** Node positions of the grid, for checking that a line's corners are street corners. */
const nodeKeys = new Set(
  Array.from({ length: grid.nodeCount }, (_, i) => `${grid.node(i).lng},${grid.node(i).lat}`),
);

/** A grid node `east` and `north` blocks from the centre. */
function corner(east: number, north: number): { lat: number; lng: number } {
  const centre = grid.node(grid.nearestNode(CENTER.lat, CENTER.lng));
  const metresPerDegLat = 111_320;
  const metresPerDegLng = metresPerDegLat * Math.cos((CENTER.lat * Math.PI) / 180);
  return grid.node(
    grid.nearestNode(
      centre.lat + (north * 200) / metresPerDegLat,
      centre.lng + (east * 200) / metresPerDegLng,
    ),
  );
}

async function seedCourierWithStops(server: TestServer, cookie: string) {
  const courier = await server.createCourier(cookie, { name: 'Ana' });
  const day = Date.now();
  const stops = [corner(3, 2), corner(-2, 4), corner(-4, -3)].map((p, i) => ({
    orderRef: `P${i + 1}`,
    address: `Corner ${i + 1}`,
    lat: p.lat,
    lng: p.lng,
    windowStart: day,
    windowEnd: day + 3_600_000,
    courierId: courier.id,
  }));
  const res = await server.request('POST', '/api/v1/stops', { cookie, body: { stops } });
  expect(res.status).toBe(201);
  return courier;
}

describe('a courier route along the streets, with a road graph', () => {
  let server: TestServer;
  let cookie: string;
  let courier: { id: number; deviceToken: string };

  beforeAll(async () => {
    const glyphsDir = mkdtempSync(join(tmpdir(), 'glyphs-'));
    mkdirSync(join(glyphsDir, 'Noto Sans Regular'));
    writeFileSync(join(glyphsDir, 'Noto Sans Regular', '0-255.pbf'), GLYPH_BYTES);
    server = await TestServer.start({ MAP_GLYPHS_DIR: glyphsDir }, { streets: grid, roads: grid });
    cookie = await server.login();
    courier = await seedCourierWithStops(server, cookie);
  });
  afterAll(() => server?.stop());

  it('runs each leg from the courier through its open stops along the grid streets', async () => {
    const device = await server.connectCourier(courier.deviceToken);
    const at = corner(0, 0);
    await device.timeout(10_000).emitWithAck('pings', {
      pings: makePings(1, 1, Date.now() - 1000, at),
    });
    const path = await eventually(
      async () => {
        const res = await server.request<RoutePath>(
          'GET',
          `/api/v1/couriers/${courier.id}/route/path`,
          { cookie },
        );
        expect(res.status).toBe(200);
        return res.body.legs.length === 3 ? res.body : undefined;
      },
      5000,
      'a leg from the courier position',
    );
    expect(path.shape).toBe('streets');
    expect(path.stopsLeftOut).toBe(0);
    expect(path.legs[0]!.fromStopId).toBeNull();
    expect(path.legs[0]!.geometry.coordinates[0]).toEqual([at.lng, at.lat]);
    for (const leg of path.legs) {
      expect(leg.shape).toBe('streets');
      const points = leg.geometry.coordinates;
      // 3-8 blocks each way: a street path has a point at every crossing, and only there.
      expect(points.length).toBeGreaterThan(4);
      for (const [lng, lat] of points) expect(nodeKeys.has(`${lng},${lat}`)).toBe(true);
    }
    const route = await server.request<{ stops: { id: number }[] }>(
      'GET',
      `/api/v1/couriers/${courier.id}/route`,
      { cookie },
    );
    expect(path.legs.map((l) => l.toStopId)).toEqual(route.body.stops.map((s) => s.id));
  });

  it('answers not_found for a courier that does not exist, and needs a signed-in user', async () => {
    const missing = await server.request('GET', '/api/v1/couriers/999999/route/path', { cookie });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found' });
    const anonymous = await server.request('GET', `/api/v1/couriers/${courier.id}/route/path`);
    expect(anonymous.status).toBe(401);
  });

  it('serves the streets as whole lines', async () => {
    const streets = await server.request<{ features: unknown[] }>('GET', '/api/v1/map/streets', {
      cookie,
    });
    // 21 east-west and 21 north-south streets.
    expect(streets.body.features).toHaveLength(42);
  });

  it('serves the configuration, streets and glyphs to a paired device by its token', async () => {
    const headers = { authorization: `Bearer ${courier.deviceToken}` };
    const config = await server.request<ConsoleConfig>('GET', '/api/v1/config', { headers });
    expect(config.status).toBe(200);
    expect(config.body.streetsUrl).toBe('/api/v1/map/streets');
    const streets = await server.request<{ features: unknown[] }>('GET', '/api/v1/map/streets', {
      headers,
    });
    expect(streets.status).toBe(200);
    expect(streets.body.features).toHaveLength(42);
    const glyphs = await fetch(`${server.url}/api/v1/map/glyphs/Noto%20Sans%20Regular/0-255.pbf`, {
      headers,
    });
    expect(Buffer.from(await glyphs.arrayBuffer())).toEqual(GLYPH_BYTES);
  });

  it('answers unauthorized to a wrong device token, even beside a console session', async () => {
    const headers = { authorization: 'Bearer not-a-device-token' };
    for (const path of ['/api/v1/config', '/api/v1/map/streets']) {
      const res = await server.request('GET', path, { headers, cookie });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'unauthorized' });
    }
    const glyphs = await server.request(
      'GET',
      '/api/v1/map/glyphs/Noto%20Sans%20Regular/0-255.pbf',
      { headers },
    );
    expect(glyphs.status).toBe(401);
  });

  it("keeps a courier's route path and trail to the console", async () => {
    const headers = { authorization: `Bearer ${courier.deviceToken}` };
    for (const path of [
      `/api/v1/couriers/${courier.id}/route/path`,
      `/api/v1/couriers/${courier.id}/trail`,
    ]) {
      expect((await server.request('GET', path, { headers })).status).toBe(401);
    }
  });

  it('serves label glyphs from its glyph folder to signed-in users', async () => {
    const config = await server.request<ConsoleConfig>('GET', '/api/v1/config', { cookie });
    expect(config.body.glyphs).toEqual({
      url: '/api/v1/map/glyphs/{fontstack}/{range}.pbf',
      fonts: ['Noto Sans Regular'],
    });
    const url = '/api/v1/map/glyphs/Noto%20Sans%20Regular/0-255.pbf';
    const res = await fetch(server.url + url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(GLYPH_BYTES);
    expect((await server.request('GET', url)).status).toBe(401);
    const missing = await server.request(
      'GET',
      '/api/v1/map/glyphs/Noto%20Sans%20Regular/256-511.pbf',
      { cookie },
    );
    expect(missing.status).toBe(404);
    const bad = await server.request('GET', '/api/v1/map/glyphs/Noto%20Sans%20Regular/3-9.pbf', {
      cookie,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid' });
  });
});

describe('a courier route without a road graph', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start({}, { streets: grid, roads: null });
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  it('has no glyph folder unless one is configured', async () => {
    const config = await server.request<ConsoleConfig>('GET', '/api/v1/config', { cookie });
    expect(config.body.glyphs).toBeNull();
    const glyphs = await server.request('GET', '/api/v1/map/glyphs/Noto%20Sans/0-255.pbf', {
      cookie,
    });
    expect(glyphs.status).toBe(404);
  });

  it('is drawn as straight lines between the stops, and says so', async () => {
    const courier = await seedCourierWithStops(server, cookie);
    const res = await server.request<RoutePath>(
      'GET',
      `/api/v1/couriers/${courier.id}/route/path`,
      { cookie },
    );
    expect(res.status).toBe(200);
    expect(res.body.shape).toBe('straight');
    expect(res.body.legs).toHaveLength(2); // no position yet: from the first stop on
    for (const leg of res.body.legs) {
      expect(leg.shape).toBe('straight');
      expect(leg.geometry.coordinates).toHaveLength(2);
    }
  });
});

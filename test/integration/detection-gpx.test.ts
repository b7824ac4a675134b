import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '@dispatch/shared';
import { GpxError, parseGpx, requireTimes } from '../../server/src/gpx/gpx';
import { replayTrack } from '../../server/src/gpx/replay';
import { TestServer, eventually } from '../helpers/test-server';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GPX_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'gpx');
const HAS_DATA = existsSync(GPX_DIR);
const SUITE = HAS_DATA
  ? 'stall detection on real GPS tracks replayed through the ingest path'
  : `stall detection on real GPS tracks (skipped: the reference data folder ${GPX_DIR} is absent)`;

const readTrack = (file: string) => parseGpx(readFileSync(path.join(GPX_DIR, file), 'utf8'));
const utc = (hms: string) => Date.parse(`2020-12-18T${hms}Z`);
const TOLERANCE_MS = 15_000;

describe.skipIf(!HAS_DATA)(SUITE, () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start({ STALL_AFTER_S: 90, DETECT_TICK_MS: 100, ALERT_REFRESH_S: 1 });
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  /** A courier with one open stop far from the track, so standing still anywhere on it is a stall. */
  async function courierWithFarStop(near: { lat: number; lng: number }, name: string) {
    const courier = await server.createCourier(cookie, { name, vehicle: 'car' });
    const res = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          {
            address: 'Far away 1',
            lat: near.lat + 0.05,
            lng: near.lng + 0.05,
            windowStart: Date.now(),
            windowEnd: Date.now() + 12 * 3600_000,
            courierId: courier.id,
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    return courier;
  }

  const stalls = async (courierId: number) =>
    (
      await server.request<{ alerts: AlertView[] }>(
        'GET',
        `/api/v1/alerts?status=all&courierId=${courierId}`,
        { cookie },
      )
    ).body.alerts;

  it('finds exactly the two stalls of the Višnjan car drive, with their boundaries in ping time', async () => {
    const track = requireTimes(readTrack('around-visnjan-with-car.gpx'));
    const points = track.points;
    const courier = await courierWithFarStop(points[0]!, 'Višnjan driver');
    await replayTrack({
      serverUrl: server.url,
      deviceToken: courier.deviceToken,
      points,
      speedup: 30,
    });
    const stored = await server.storedPings(courier.id);
    const shiftMs = stored[stored.length - 1]!.t - points[points.length - 1]!.timeMs;
    const endOfTrack = utc('06:24:24') + shiftMs;

    const alerts = await eventually(
      async () => {
        const list = await stalls(courier.id);
        const last = list.find((a) => a.resolvedAt === null);
        return last && (last.details.to as number) >= endOfTrack - TOLERANCE_MS ? list : undefined;
      },
      10_000,
      'the final stall to reach the end of the track',
    );
    expect(alerts.map((a) => a.kind)).toEqual(['stalled', 'stalled']);
    const [second, first] = alerts; // newest first
    const span = (a: AlertView) => ({
      from: (a.details.from as number) - shiftMs,
      to: (a.details.to as number) - shiftMs,
    });
    const near = (actual: number, lo: string, hi = lo) =>
      actual >= utc(lo) - TOLERANCE_MS && actual <= utc(hi) + TOLERANCE_MS;

    expect(near(span(first!).from, '06:19:31', '06:19:39'), 'first stall start').toBe(true);
    expect(near(span(first!).to, '06:21:37'), 'first stall end').toBe(true);
    expect(first!.resolvedAt, 'the first stall ends when the car drives on').not.toBeNull();
    expect(near(span(second!).from, '06:22:36', '06:22:45'), 'second stall start').toBe(true);
    expect(near(span(second!).to, '06:24:24'), 'second stall end').toBe(true);
    expect(second!.resolvedAt, 'the car is still standing at the end').toBeNull();
  });

  it('replays every other timed reference track without upsetting the server, and refuses untimed ones', async () => {
    const files = readdirSync(GPX_DIR).filter(
      (f) => f.endsWith('.gpx') && f !== 'around-visnjan-with-car.gpx',
    );
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const track = readTrack(file);
      let timed;
      try {
        timed = requireTimes(track, file);
      } catch (err) {
        expect(err, file).toBeInstanceOf(GpxError);
        expect((err as GpxError).code).toBe('no_times');
        continue;
      }
      const courier = await courierWithFarStop(timed.points[0]!, file);
      const result = await replayTrack({
        serverUrl: server.url,
        deviceToken: courier.deviceToken,
        points: timed.points,
        speedup: 2000,
      });
      expect(result.acked, file).toBe(timed.points.length);
    }
    expect(() => requireTimes(readTrack('cerknicko-without-times.gpx'))).toThrow(GpxError);
    const health = await server.request('GET', '/healthz');
    expect(health.status).toBe(200);
    await server.app.detection.tick();
  });
});

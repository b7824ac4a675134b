import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReplayCli } from '../../server/src/gpx/run-replay-cli';
import { parseGpx, requireTimes, type TimedGpxTrack } from '../../server/src/gpx/gpx';
import { replayTrack, ReplayError } from '../../server/src/gpx/replay';
import { ADMIN, TestServer } from '../helpers/test-server';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GPX_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'gpx');
const HAS_DATA = existsSync(GPX_DIR);
const SUITE = HAS_DATA
  ? 'replaying recorded GPX tracks into the real server'
  : `replaying recorded GPX tracks (skipped: the reference data folder ${GPX_DIR} is absent)`;

function loadTrack(file: string): TimedGpxTrack {
  return requireTimes(parseGpx(readFileSync(path.join(GPX_DIR, file), 'utf8')), file);
}

describe.skipIf(!HAS_DATA)(SUITE, () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cookie = await server.login();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stores every fix of a car drive replayed at 100×, with the recorded spacing in device time', async () => {
    const { points } = loadTrack('around-visnjan-with-car.gpx');
    const courier = await server.createCourier(cookie, { vehicle: 'car' });
    const startedMs = Date.now();
    const result = await replayTrack({
      serverUrl: server.url,
      deviceToken: courier.deviceToken,
      points,
      speedup: 100,
    });
    expect(result).toMatchObject({ sent: points.length, acked: points.length });

    const stored = await server.storedPings(courier.id);
    expect(stored).toHaveLength(points.length);
    expect(stored.map((p) => p.t - stored[0]!.t)).toEqual(
      points.map((p) => p.timeMs - points[0]!.timeMs),
    );
    expect(stored.map((p) => [p.lat, p.lng])).toEqual(points.map((p) => [p.lat, p.lng]));
    // Device time ends at the replay's last send, not back in 2020.
    expect(stored[stored.length - 1]!.t).toBeGreaterThanOrEqual(startedMs);
    expect(stored[stored.length - 1]!.t).toBeLessThanOrEqual(Date.now());
  });

  it('moves the courier on the live map to the last fix of the track', async () => {
    const { points } = loadTrack('track-with-empty-segment.gpx');
    const courier = await server.createCourier(cookie);
    await replayTrack({
      serverUrl: server.url,
      deviceToken: courier.deviceToken,
      points,
      speedup: 1000,
    });
    const last = points[points.length - 1]!;
    expect(server.app.fleet.get(courier.id)?.fix).toMatchObject({
      lat: last.lat,
      lng: last.lng,
    });
  });

  it('refuses a wrong device token as unauthorized', async () => {
    const { points } = loadTrack('track_with_speed.gpx');
    const replay = replayTrack({ serverUrl: server.url, deviceToken: 'wrong-token', points });
    await expect(replay).rejects.toBeInstanceOf(ReplayError);
    await expect(replay).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('replays from the command line with an admin login, issuing a fresh device token', async () => {
    const courier = await server.createCourier(cookie);
    const file = path.join(GPX_DIR, 'track_with_speed.gpx');
    const run = await runReplayCli([
      file,
      '--courier',
      String(courier.id),
      '--server',
      server.url,
      '--speedup',
      '1000',
      '--email',
      ADMIN.email,
      '--password',
      ADMIN.password,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/done: 3 fixes sent, 3 acknowledged/);
    expect(await server.storedPings(courier.id)).toHaveLength(3);
    // The token the courier was created with was replaced.
    await expect(server.connectCourier(courier.deviceToken)).rejects.toThrow(/wrong or revoked/);
  });

  it('uses the demo admin login when no credentials are given, and says so', async () => {
    const courier = await server.createCourier(cookie);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'replay-demo-'));
    writeFileSync(path.join(dataDir, 'demo-credentials.json'), JSON.stringify({ admin: ADMIN }));
    const file = path.join(GPX_DIR, 'track_with_speed.gpx');
    const args = [
      file,
      '--courier',
      String(courier.id),
      '--server',
      server.url,
      '--speedup',
      '1000',
    ];
    const run = await runReplayCli(args, dataDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `no credentials given: using the demo admin login from ${path.join(dataDir, 'demo-credentials.json')}`,
    );
    expect(await server.storedPings(courier.id)).toHaveLength(3);
  });
});

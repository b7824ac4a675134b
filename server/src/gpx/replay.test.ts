import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DispatchApi } from '../simulator/api';
import {
  startFakeDispatchServer,
  type FakeDispatchServer,
} from '../../../test/helpers/fake-dispatch-server';
import type { TimedGpxPoint } from './gpx';
import { replayTrack, ReplayError, type ReplayErrorCode, type ReplayProgress } from './replay';

const LOGIN = { email: 'admin@example.com', password: 'admin-password' };
const COURIER_ID = 4;
const T0 = Date.UTC(2020, 11, 18, 6, 15, 50);

/** `count` fixes recorded `spacingMs` apart, heading north. */
function recordedTrack(count: number, spacingMs: number): TimedGpxPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    lat: 45.27 + i * 1e-4,
    lng: 13.71,
    timeMs: T0 + i * spacingMs,
    segment: 0,
    speedMps: 5,
  }));
}

async function replayError(promise: Promise<unknown>): Promise<ReplayError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ReplayError) return err;
    throw err;
  }
  throw new Error('the replay finished');
}

function expectCode(err: ReplayError, code: ReplayErrorCode): void {
  expect(err.code, err.message).toBe(code);
}

describe('replayTrack', () => {
  let server: FakeDispatchServer;
  let deviceToken: string;

  beforeEach(async () => {
    server = await startFakeDispatchServer({ couriers: [], hubs: [], routes: [], ...LOGIN });
    const api = new DispatchApi(server.url);
    await api.login(LOGIN.email, LOGIN.password);
    deviceToken = await api.rotateDeviceToken(COURIER_ID);
  });
  afterEach(async () => {
    await server.close();
  });

  const stored = () => server.stored.get(COURIER_ID) ?? [];

  it('sends every fix once and resolves when all are acknowledged', async () => {
    const result = await replayTrack({
      serverUrl: server.url,
      deviceToken,
      points: recordedTrack(20, 1000),
      speedup: 1000,
    });
    expect(result).toMatchObject({ sent: 20, acked: 20 });
    expect(stored()).toHaveLength(20);
    const seqs = stored().map((p) => p.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('numbers fixes from the current time, above anything stored before', async () => {
    const before = Date.now();
    await replayTrack({
      serverUrl: server.url,
      deviceToken,
      points: recordedTrack(3, 1000),
      speedup: 1000,
    });
    expect(stored()[0]!.seq).toBeGreaterThanOrEqual(before);
  });

  it('keeps the recorded spacing in device times and ends at the moment of sending', async () => {
    const points = recordedTrack(10, 7000);
    const before = Date.now();
    await replayTrack({ serverUrl: server.url, deviceToken, points, speedup: 500 });
    const after = Date.now();
    const pings = stored();
    expect(pings.map((p) => p.t - pings[0]!.t)).toEqual(points.map((p) => p.timeMs - T0));
    expect(pings[pings.length - 1]!.t).toBeGreaterThanOrEqual(before);
    expect(pings[pings.length - 1]!.t).toBeLessThanOrEqual(after);
  });

  it('sends the recorded position and speed of each fix', async () => {
    const points = recordedTrack(2, 1000);
    await replayTrack({ serverUrl: server.url, deviceToken, points, speedup: 1000 });
    expect(stored().map((p) => [p.lat, p.lng, p.spd])).toEqual(
      points.map((p) => [p.lat, p.lng, 5]),
    );
  });

  it('reports progress until every fix is acknowledged', async () => {
    const progress: ReplayProgress[] = [];
    await replayTrack({
      serverUrl: server.url,
      deviceToken,
      points: recordedTrack(12, 1000),
      speedup: 1000,
      onProgress: (p) => progress.push(p),
    });
    expect(progress[progress.length - 1]).toEqual({ sent: 12, acked: 12, total: 12 });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.sent).toBeGreaterThanOrEqual(progress[i - 1]!.sent);
      expect(progress[i]!.acked).toBeGreaterThanOrEqual(progress[i - 1]!.acked);
      expect(progress[i]!.acked).toBeLessThanOrEqual(progress[i]!.sent);
    }
  });

  it('resends a batch refused as overloaded until it is acknowledged', async () => {
    server.refuseNextBatches(3);
    const result = await replayTrack({
      serverUrl: server.url,
      deviceToken,
      points: recordedTrack(5, 1000),
      speedup: 1000,
    });
    expect(result).toMatchObject({ sent: 5, acked: 5 });
    expect(stored()).toHaveLength(5);
  });

  it('resends after the server drops the connection, storing every fix once', async () => {
    let dropped = false;
    const result = await replayTrack({
      serverUrl: server.url,
      deviceToken,
      points: recordedTrack(8, 100),
      onProgress: ({ acked }) => {
        if (acked > 0 && !dropped) {
          dropped = true;
          server.disconnectAll();
        }
      },
    });
    expect(dropped).toBe(true);
    expect(result).toMatchObject({ sent: 8, acked: 8 });
    expect(stored()).toHaveLength(8);
  });

  it('gives up with unavailable when a batch keeps being refused as retryable', async () => {
    server.refuseNextBatches(1_000_000);
    const err = await replayError(
      replayTrack({
        serverUrl: server.url,
        deviceToken,
        points: recordedTrack(3, 1000),
        speedup: 1000,
        giveUpAfterMs: 300,
      }),
    );
    expectCode(err, 'unavailable');
    expect(err.message).toMatch(/gave up .* try later/);
  });

  it('rejects with refused when the server refuses the handshake', async () => {
    const err = await replayError(
      replayTrack({
        serverUrl: server.url,
        deviceToken: 'not-a-token',
        points: recordedTrack(2, 1000),
      }),
    );
    expectCode(err, 'refused');
    expect(err.message).toMatch(/unauthorized/);
  });

  it('stops with aborted when the signal fires', async () => {
    const stop = new AbortController();
    const err = await replayError(
      replayTrack({
        serverUrl: server.url,
        deviceToken,
        points: recordedTrack(3, 3_600_000),
        signal: stop.signal,
        onProgress: ({ acked }) => {
          if (acked === 1) stop.abort();
        },
      }),
    );
    expectCode(err, 'aborted');
    expect(stored()).toHaveLength(1);
  });
});

describe('replayTrack without a server', () => {
  it('rejects with unreachable when nothing listens at the URL', async () => {
    const port = await unusedPort();
    const err = await replayError(
      replayTrack({
        serverUrl: `http://127.0.0.1:${port}`,
        deviceToken: 'token',
        points: recordedTrack(2, 1000),
      }),
    );
    expectCode(err, 'unreachable');
    expect(err.message).toMatch(`cannot reach http://127.0.0.1:${port}`);
  });
});

/** A port that was free a moment ago. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

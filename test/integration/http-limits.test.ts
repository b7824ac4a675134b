import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PING_LIMITS, type PingAck } from '@dispatch/shared';
import { MAX_SOCKET_FRAME_BYTES } from '../../server/src/app';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../server/src/http/http-server';
import { STOP_IMPORT_BODY_LIMIT_BYTES } from '../../server/src/stops/import-limits';
import { TestServer, makePings } from '../helpers/test-server';

/** Posts `count` JSON bodies of `bytes` bytes at once from a worker thread; their statuses. */
async function postFromWorker(url: string, count: number, bytes: number): Promise<number[]> {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const body = new Uint8Array(workerData.bytes).fill(0x20);
    body[0] = 0x7b; // '{' then spaces: a JSON document is expected, whatever its content
    Promise.all(
      Array.from({ length: workerData.count }, () =>
        fetch(workerData.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(async (res) => { await res.arrayBuffer(); return res.status; })
          .catch((err) => String(err)),
      ),
    ).then((statuses) => parentPort.postMessage(statuses));
    `,
    { eval: true, workerData: { url, count, bytes } },
  );
  try {
    return await new Promise<number[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

/** A JSON document of about `bytes` bytes, shaped as a stop import. */
const importOfSize = (bytes: number) =>
  JSON.stringify({ stops: [], padding: 'x'.repeat(bytes - 30) });

describe('request bodies are refused by size and by sign-in before they are read', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  it('answers 8 parallel unauthenticated 20 MB imports with 401 or 413 and keeps serving', async () => {
    // The uploads come from a worker thread, so this thread's event-loop delay is the server's own.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const statuses = await postFromWorker(`${server.url}/api/v1/stops`, 8, 20_000_000);
    delay.disable();
    console.log(
      `8 unauthenticated 20 MB posts: server event-loop delay max ${(delay.max / 1e6).toFixed(0)} ms, ` +
        `p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms`,
    );
    expect(statuses).toHaveLength(8);
    for (const status of statuses) expect([401, 413]).toContain(status);
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    expect((await server.request('GET', '/api/v1/stops', { cookie })).status).toBe(200);
  });

  it('refuses a body over the default limit on an ordinary route with 413', async () => {
    const res = await server.request('POST', '/api/v1/hubs', {
      cookie,
      body: { name: 'x'.repeat(DEFAULT_BODY_LIMIT_BYTES), lat: 0, lng: 0 },
    });
    expect(res).toMatchObject({ status: 413, body: { code: 'too_large' } });
  });

  it('refuses a CSV over the default limit on a route that takes no import', async () => {
    const res = await server.request('POST', '/api/v1/stops/1/cancel', {
      cookie,
      headers: { 'content-type': 'text/csv' },
      raw: 'x'.repeat(DEFAULT_BODY_LIMIT_BYTES + 1),
    });
    expect(res).toMatchObject({ status: 413, body: { code: 'too_large' } });
  });

  it('takes a signed-in import larger than the default limit, and refuses one over its own', async () => {
    const big = await server.request('POST', '/api/v1/stops', {
      cookie,
      headers: { 'content-type': 'application/json' },
      raw: importOfSize(2 * DEFAULT_BODY_LIMIT_BYTES),
    });
    // Read and validated: refused for its content, not its size.
    expect(big).toMatchObject({ status: 400, body: { code: 'invalid' } });
    const huge = await server.request('POST', '/api/v1/stops', {
      cookie,
      headers: { 'content-type': 'application/json' },
      raw: importOfSize(STOP_IMPORT_BODY_LIMIT_BYTES + 1024),
    });
    expect(huge).toMatchObject({ status: 413, body: { code: 'too_large' } });
  });
});

describe('socket frames are bounded by the largest legitimate message', () => {
  let server: TestServer;
  let deviceToken: string;

  beforeAll(async () => {
    server = await TestServer.start();
    const cookie = await server.login();
    deviceToken = (await server.createCourier(cookie)).deviceToken;
  });
  afterAll(() => server?.stop());

  it('allows a frame twice the ping batch limit', () => {
    expect(MAX_SOCKET_FRAME_BYTES).toBe(2 * PING_LIMITS.maxBatchBytes);
  });

  it('answers a frame over the batch limit but under the frame limit with too_large', async () => {
    const socket = await server.connectCourier(deviceToken);
    const padding = 'x'.repeat(PING_LIMITS.maxBatchBytes + 1024);
    const ack: PingAck = await socket
      .timeout(10_000)
      .emitWithAck('pings', { pings: makePings(1), padding } as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(socket.connected).toBe(true);
  });

  it('closes the connection that sends a frame over the limit, and serves others', async () => {
    const offender = await server.connectCourier(deviceToken);
    const closed = new Promise<string>((resolve) => offender.once('disconnect', resolve));
    offender.emit(
      'pings',
      { pings: makePings(1), padding: 'x'.repeat(MAX_SOCKET_FRAME_BYTES) } as never,
      () => {},
    );
    expect(await closed).toMatch(/transport (close|error)/);
    const other = await server.connectCourier(deviceToken);
    const ack: PingAck = await other.timeout(10_000).emitWithAck('pings', { pings: makePings(2) });
    expect(ack).toMatchObject({ ok: true });
    expect((await server.request('GET', '/healthz')).status).toBe(200);
  });
});

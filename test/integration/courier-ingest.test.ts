import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PingAck } from '@dispatch/shared';
import { TestServer, eventually, makePings } from '../helpers/test-server';

describe('courier ingest over Socket.IO', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  it('acks a batch after commit and stores exactly those pings', async () => {
    const { id, deviceToken } = await server.createCourier(cookie);
    const socket = await server.connectCourier(deviceToken);
    const pings = makePings(20, 100);
    const ack: PingAck = await socket.timeout(10_000).emitWithAck('pings', { pings });
    expect(ack).toEqual({ ok: true, upTo: 119, stored: 20, duplicates: 0 });
    const rows = await server.storedPings(id);
    expect(rows.map((r) => r.seq)).toEqual(pings.map((p) => p.seq));
    expect(rows[5]).toMatchObject({ t: pings[5]!.t, lat: pings[5]!.lat, lng: pings[5]!.lng });
  });

  it('acks a resent batch without storing it twice', async () => {
    const { id, deviceToken } = await server.createCourier(cookie);
    const socket = await server.connectCourier(deviceToken);
    const pings = makePings(10, 1);
    await socket.timeout(10_000).emitWithAck('pings', { pings });
    const again: PingAck = await socket.timeout(10_000).emitWithAck('pings', { pings });
    expect(again).toEqual({ ok: true, upTo: 10, stored: 0, duplicates: 10 });
    // Overlapping resend: half old, half new.
    const overlap: PingAck = await socket
      .timeout(10_000)
      .emitWithAck('pings', { pings: makePings(10, 6) });
    expect(overlap).toEqual({ ok: true, upTo: 15, stored: 5, duplicates: 5 });
    expect((await server.storedPings(id)).map((r) => r.seq)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
  });

  it('dedupes concurrent copies of the same batch', async () => {
    const { id, deviceToken } = await server.createCourier(cookie);
    const socket = await server.connectCourier(deviceToken);
    const pings = makePings(50, 1000);
    const acks = await Promise.all(
      [1, 2, 3].map(() => socket.timeout(10_000).emitWithAck('pings', { pings })),
    );
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, upTo: 1049 });
    expect((await server.storedPings(id)).length).toBe(50);
  });

  it('dedupes a resend after a reconnect and after a server restart', async () => {
    const { id, deviceToken } = await server.createCourier(cookie);
    let socket = await server.connectCourier(deviceToken);
    const pings = makePings(30, 5000);
    await socket.timeout(10_000).emitWithAck('pings', { pings });
    socket.disconnect();
    await server.restart();
    socket = await server.connectCourier(deviceToken);
    const again: PingAck = await socket.timeout(10_000).emitWithAck('pings', { pings });
    expect(again).toEqual({ ok: true, upTo: 5029, stored: 0, duplicates: 30 });
    expect((await server.storedPings(id)).length).toBe(30);
  });

  it('stores out-of-order and old pings without moving the live position back', async () => {
    const { id, deviceToken } = await server.createCourier(cookie);
    const socket = await server.connectCourier(deviceToken);
    const now = Date.now();
    const newest = { seq: 10, t: now - 1000, lat: 48.85, lng: 2.35 };
    const older = { seq: 11, t: now - 60_000, lat: 48.9, lng: 2.4 }; // later seq, older fix (delayed GPS)
    const oldest = { seq: 5, t: now - 120_000, lat: 48.7, lng: 2.2 }; // earlier seq arriving late
    await socket.timeout(10_000).emitWithAck('pings', { pings: [newest] });
    await socket.timeout(10_000).emitWithAck('pings', { pings: [older, oldest] });
    expect((await server.storedPings(id)).map((r) => r.seq)).toEqual([5, 10, 11]);
    const courier = await server.request<{ lastFix: { t: number; lat: number; lng: number } }>(
      'GET',
      `/api/v1/couriers/${id}`,
      { cookie },
    );
    expect(courier.body.lastFix).toMatchObject({ t: newest.t, lat: newest.lat, lng: newest.lng });
  });

  it('pushes the route on connect', async () => {
    const { deviceToken } = await server.createCourier(cookie);
    const route = await new Promise(
      (resolve) => void server.connectCourier(deviceToken, (s) => s.once('route:updated', resolve)),
    );
    expect(route).toMatchObject({ version: 0, stops: [] });
  });

  it('counts received, stored and rejected pings in the metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
    expect(value('dispatch_pings_received_total')).toBeGreaterThan(0);
    expect(value('dispatch_pings_stored_total')).toBeGreaterThan(0);
    expect(text).toMatch(/dispatch_commit_duration_seconds_count \d+/);
    expect(text).toMatch(/dispatch_couriers_connected \d+/);
    expect(text).toMatch(/nodejs_eventloop_lag/);
  });

  it('stores pings sent over HTTP with a bearer token', async () => {
    const { id, deviceToken } = await server.createCourier(cookie);
    const res = await server.request('POST', '/api/v1/pings', {
      headers: { authorization: `Bearer ${deviceToken}` },
      body: { pings: makePings(3, 1) },
    });
    expect(res).toMatchObject({ status: 200, body: { ok: true, upTo: 3, stored: 3 } });
    await eventually(async () => ((await server.storedPings(id)).length === 3 ? true : undefined));
  });
});

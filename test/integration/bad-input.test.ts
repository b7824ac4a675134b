import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PingAck } from '@dispatch/shared';
import { TestServer, makePings, type CourierClient } from '../helpers/test-server';

describe('bad input is refused with a typed error, stores nothing, and the server keeps serving', () => {
  let server: TestServer;
  let cookie: string;
  let courier: { id: number; deviceToken: string };
  let socket: CourierClient;

  beforeAll(async () => {
    server = await TestServer.start();
    cookie = await server.login();
    courier = await server.createCourier(cookie, { externalDeviceId: 'tracker-1' });
    // Its tracker reports by its own id: an admin allowed the legacy id.
    const allowed = await server.request('PATCH', `/api/v1/couriers/${courier.id}`, {
      cookie,
      body: { legacyDeviceId: true },
    });
    expect(allowed.status).toBe(200);
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    if (!socket?.connected) socket = await server.connectCourier(courier.deviceToken);
  });

  const send = (payload: unknown): Promise<PingAck> =>
    socket.timeout(10_000).emitWithAck('pings', payload as never);
  const expectNothingStored = async () => expect(await server.storedPings(courier.id)).toEqual([]);
  const one = () => makePings(1)[0]!;

  it.each([
    ['NaN coordinates', { pings: [{ ...one(), lat: Number.NaN }] }, 'invalid'],
    ['an out-of-range latitude', { pings: [{ ...one(), lat: 91 }] }, 'invalid'],
    ['an out-of-range longitude', { pings: [{ ...one(), lng: -180.5 }] }, 'invalid'],
    [
      'a timestamp 10 minutes in the future',
      { pings: [{ ...one(), t: Date.now() + 600_000 }] },
      'invalid',
    ],
    ['501 pings', { pings: makePings(501) }, 'too_large'],
    [
      'a message over the 64 KiB batch limit',
      { pings: makePings(1), padding: 'x'.repeat(65 * 1024) },
      'too_large',
    ],
    ['a string where a number belongs', { pings: [{ ...one(), lat: '52.5' }] }, 'invalid'],
    ['a fractional sequence number', { pings: [{ ...one(), seq: 1.5 }] }, 'invalid'],
    ['an unknown field', { pings: [{ ...one(), speed: 3 }] }, 'invalid'],
    ['no pings array', { fixes: [] }, 'invalid'],
    ['an empty batch', { pings: [] }, 'invalid'],
    ['a payload that is not an object', 'hello', 'invalid'],
    ['a batch that names another courier', { courierId: 999, pings: makePings(1) }, 'forbidden'],
  ])('refuses %s', async (_name, payload, code) => {
    const ack = await send(payload);
    expect(ack.ok).toBe(false);
    if (!ack.ok) {
      expect(ack.error.code).toBe(code);
      expect(ack.error.message.length).toBeGreaterThan(5);
    }
    await expectNothingStored();
  });

  it('refuses a whole batch when one ping is bad', async () => {
    const pings = makePings(5);
    pings[3] = { ...pings[3]!, lng: 500 };
    const ack = await send({ pings });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    await expectNothingStored();
  });

  it('still takes good pings afterwards', async () => {
    const ack = await send({ pings: makePings(2, 1) });
    expect(ack).toMatchObject({ ok: true, upTo: 2 });
    expect((await server.storedPings(courier.id)).length).toBe(2);
    await server.app.db.query('delete from pings where courier_id = $1', [courier.id]);
    // Forget the dedupe state of those two so later cases start clean.
    await server.restart();
    socket = await server.connectCourier(courier.deviceToken);
  });

  it('refuses a wrong token at connect', async () => {
    await expect(server.connectCourier('not-a-token')).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
    await expect(server.connectCourier('')).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
  });

  it('refuses a revoked token and disconnects the device', async () => {
    const victim = await server.createCourier(cookie);
    const device = await server.connectCourier(victim.deviceToken);
    const closed = new Promise((resolve) => device.once('disconnect', resolve));
    expect(
      (await server.request('DELETE', `/api/v1/couriers/${victim.id}/token`, { cookie })).status,
    ).toBe(204);
    await closed;
    await expect(server.connectCourier(victim.deviceToken)).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
    const http = await server.request('POST', '/api/v1/pings', {
      headers: { authorization: `Bearer ${victim.deviceToken}` },
      body: { pings: makePings(1) },
    });
    expect(http).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  });

  it('a rotated token replaces the old one', async () => {
    const c = await server.createCourier(cookie);
    const rotated = await server.request<{ deviceToken: string }>(
      'POST',
      `/api/v1/couriers/${c.id}/token`,
      { cookie },
    );
    await expect(server.connectCourier(c.deviceToken)).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
    await expect(server.connectCourier(rotated.body.deviceToken)).resolves.toBeTruthy();
  });

  describe('over HTTP', () => {
    const post = (body: unknown, headers: Record<string, string> = {}, raw?: string) =>
      server.request<{ code: string }>('POST', '/api/v1/pings', {
        headers: {
          authorization: `Bearer ${courier.deviceToken}`,
          ...headers,
          ...(raw ? { 'content-type': 'application/json' } : {}),
        },
        ...(raw ? { raw } : { body }),
      });

    it('refuses a missing or wrong token', async () => {
      const res = await server.request('POST', '/api/v1/pings', { body: { pings: makePings(1) } });
      expect(res).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
      expect((await post({ pings: makePings(1) }, { authorization: 'Bearer nope' })).status).toBe(
        401,
      );
    });

    it('refuses malformed JSON, NaN and bad coordinates', async () => {
      expect(
        await post(undefined, {}, '{"pings": [ {"seq": 1, "t": 1, "lat": NaN, "lng": 0} ]}'),
      ).toMatchObject({ status: 400 });
      expect(await post({ pings: [{ ...one(), lat: -95 }] })).toMatchObject({
        status: 400,
        body: { code: 'invalid' },
      });
      expect(await post({ courierId: 1, pings: makePings(1) })).toMatchObject({
        status: 403,
        body: { code: 'forbidden' },
      });
      await expectNothingStored();
    });

    it('refuses an oversized body with 413', async () => {
      const res = await post({ pings: makePings(1), padding: 'x'.repeat(1024 * 1024) });
      expect(res).toMatchObject({ status: 413, body: { code: 'too_large' } });
      expect(await post({ pings: makePings(501) })).toMatchObject({
        status: 413,
        body: { code: 'too_large' },
      });
      await expectNothingStored();
    });
  });

  describe('malformed OsmAnd requests', () => {
    const osmand = async (query: string, init: RequestInit = {}) => {
      const res = await fetch(`${server.osmandUrl}/?${query}`, init);
      return { status: res.status, body: (await res.json()) as { code: string; message: string } };
    };

    it.each([
      ['no position', 'id=tracker-1&timestamp=1700000000'],
      ['a latitude that is not a number', 'id=tracker-1&lat=abc&lon=13.4'],
      ['an out-of-range longitude', 'id=tracker-1&lat=52&lon=200'],
      ['no device id', 'lat=52.5&lon=13.4'],
      ['an unparseable timestamp', 'id=tracker-1&lat=52.5&lon=13.4&timestamp=yesterday'],
      [
        'a timestamp in the future',
        `id=tracker-1&lat=52.5&lon=13.4&timestamp=${Math.floor(Date.now() / 1000) + 3600}`,
      ],
    ])('answers 400 to %s', async (_name, query) => {
      const res = await osmand(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid');
      await expectNothingStored();
    });

    it('answers 401 to an unknown device and stores nothing', async () => {
      const res = await osmand('id=who-is-this&lat=52.5&lon=13.4');
      expect(res).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
      await expectNothingStored();
    });

    it('answers 400 to a broken JSON body', async () => {
      const res = await fetch(`${server.osmandUrl}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"location": ',
      });
      expect(res.status).toBe(400);
      await expectNothingStored();
    });
  });

  it('is still healthy', async () => {
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    expect((await server.request('GET', '/readyz')).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/dispatch_pings_rejected_total\{reason="invalid"\} \d+/);
    expect(metrics).toMatch(/dispatch_pings_rejected_total\{reason="too_large"\} \d+/);
  });
});

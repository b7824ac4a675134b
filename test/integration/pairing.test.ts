import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProfile, PairReply, PairingCodeReply } from '@dispatch/shared';
import { TestServer, makePings, type CourierClient } from '../helpers/test-server';

const HUB = { lat: -20.4697, lng: -54.6201, timezone: 'America/Campo_Grande' };
const WRONG_CODE = 'the pairing code is wrong or has expired';

describe('pairing a phone with a courier', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let otherHubId: number;
  /** Dispatchers bound to the courier's hub and to another one. */
  let ownDispatcher: string;
  let otherDispatcher: string;
  /** Each pairing attempt comes from its own address, so only the rate-limit case meets the limit. */
  let addresses = 0;

  const makeCode = (courierId: number, cookie = admin) =>
    server.request<PairingCodeReply & { code: string; message?: string }>(
      'POST',
      `/api/v1/couriers/${courierId}/pairing`,
      { cookie },
    );
  const pair = (code: string, from = `198.51.100.${++addresses}`) =>
    server.request<PairReply & { code?: string; message?: string }>('POST', '/api/v1/device/pair', {
      body: { code },
      headers: { 'x-forwarded-for': from },
    });
  const me = (token?: string) =>
    server.request<DeviceProfile & { code?: string }>('GET', '/api/v1/device/me', {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const sendPings = (token: string) =>
    server.request<{ code?: string }>('POST', '/api/v1/pings', {
      headers: { authorization: `Bearer ${token}` },
      body: { pings: makePings(1) },
    });
  const disconnected = (socket: CourierClient) =>
    new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
  const courier = (name = 'Bia') => server.createCourier(admin, { name, hubId });

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    const hub = async (name: string) =>
      (
        await server.request<{ id: number }>('POST', '/api/v1/hubs', {
          cookie: admin,
          body: { name, ...HUB },
        })
      ).body.id;
    hubId = await hub('Centro');
    otherHubId = await hub('Norte');
    for (const [email, hub] of [
      ['own@example.com', hubId],
      ['other@example.com', otherHubId],
    ] as const) {
      const created = await server.request('POST', '/api/v1/users', {
        cookie: admin,
        body: { email, name: email, role: 'dispatcher', password: 'dispatcher-pw', hubId: hub },
      });
      expect(created.status).toBe(201);
    }
    ownDispatcher = await server.login('own@example.com', 'dispatcher-pw');
    otherDispatcher = await server.login('other@example.com', 'dispatcher-pw');
  });
  afterAll(() => server?.stop());

  it('answers a typeable code and a link carrying it in the fragment, storing only its hash', async () => {
    const bia = await courier();
    const before = Date.now();
    const made = await makeCode(bia.id, ownDispatcher);
    expect(made.status).toBe(201);
    expect(made.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(made.body.url).toBe(`${server.url}/driver/pair#${made.body.code}`);
    expect(made.body.expiresAt).toBeGreaterThanOrEqual(before + 10 * 60_000);
    expect(made.body.expiresAt).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    const stored = await server.app.db.query<{ code_hash: string; created_by: number }>(
      'select code_hash, created_by from pairing_codes where courier_id = $1',
      [bia.id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.code_hash).toBe(
      createHash('sha256').update(made.body.code).digest('base64url'),
    );
    const logged = await server.app.db.query<{ actor_type: string }>(
      `select actor_type from events where kind = 'courier.pairing_created' and subject_id = $1`,
      [bia.id],
    );
    expect(logged).toEqual([{ actor_type: 'user' }]);
  });

  it('pairs once with a code typed in any case with dashes, and refuses it the second time', async () => {
    const bia = await courier();
    const { code } = (await makeCode(bia.id)).body;
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
    const first = await pair(typed);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ courierId: bia.id, courierName: 'Bia' });
    expect((await sendPings(first.body.deviceToken)).status).toBe(200);

    const second = await pair(code);
    expect(second).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', message: WRONG_CODE },
    });
    expect((await sendPings(first.body.deviceToken)).status).toBe(200);
    const logged = await server.app.db.query<{ actor_type: string; actor_id: number }>(
      `select actor_type, actor_id from events where kind = 'courier.paired' and subject_id = $1`,
      [bia.id],
    );
    expect(logged).toEqual([{ actor_type: 'courier', actor_id: bia.id }]);
  });

  it('refuses an expired code with the same answer and changes nothing', async () => {
    const bia = await courier();
    const { code } = (await makeCode(bia.id)).body;
    await server.app.db.query(
      `update pairing_codes set expires_at = now() - interval '1 second' where courier_id = $1`,
      [bia.id],
    );
    expect(await pair(code)).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', message: WRONG_CODE },
    });
    expect((await sendPings(bia.deviceToken)).status).toBe(200);
    const unused = await server.app.db.query<{ used: boolean }>(
      'select used_at is not null as used from pairing_codes where courier_id = $1',
      [bia.id],
    );
    expect(unused).toEqual([{ used: false }]);
  });

  it('refuses a wrong code with the same answer', async () => {
    for (const wrong of ['ZZZZZZZZZZ', 'not a code at all']) {
      expect(await pair(wrong)).toMatchObject({
        status: 401,
        body: { code: 'unauthorized', message: WRONG_CODE },
      });
    }
  });

  it('drops a courier’s earlier unused code when a newer one is made', async () => {
    const bia = await courier();
    const older = (await makeCode(bia.id)).body.code;
    const newer = (await makeCode(bia.id)).body.code;
    expect((await pair(older)).status).toBe(401);
    expect((await pair(newer)).status).toBe(200);
  });

  it('lets only one of two phones racing with the same code pair', async () => {
    const bia = await courier();
    const { code } = (await makeCode(bia.id)).body;
    const answers = await Promise.all([pair(code), pair(code)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    const winner = answers.find((a) => a.status === 200)!;
    expect((await sendPings(winner.body.deviceToken)).status).toBe(200);
  });

  it('signs the previous phone out: its socket closes and its token is refused', async () => {
    const bia = await courier();
    const oldPhone = await server.connectCourier(bia.deviceToken);
    const closed = disconnected(oldPhone);
    const paired = await pair((await makeCode(bia.id)).body.code);
    expect(paired.status).toBe(200);
    await closed;
    expect(await sendPings(bia.deviceToken)).toMatchObject({
      status: 401,
      body: { code: 'unauthorized' },
    });
    await expect(server.connectCourier(bia.deviceToken)).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
    await expect(server.connectCourier(paired.body.deviceToken)).resolves.toBeTruthy();
  });

  it('signs a phone out on revoke, by a dispatcher of the courier’s hub', async () => {
    const bia = await courier();
    const { deviceToken } = (await pair((await makeCode(bia.id)).body.code)).body;
    const phone = await server.connectCourier(deviceToken);
    const closed = disconnected(phone);
    const revoked = await server.request('DELETE', `/api/v1/couriers/${bia.id}/token`, {
      cookie: ownDispatcher,
    });
    expect(revoked.status).toBe(204);
    await closed;
    expect((await me(deviceToken)).status).toBe(401);
    expect((await sendPings(deviceToken)).status).toBe(401);
  });

  it('answers the device its courier and hub, and only with a valid token', async () => {
    const bia = await server.createCourier(admin, { name: 'Bia', vehicle: 'scooter', hubId });
    expect((await me(bia.deviceToken)).body).toEqual({
      courier: { id: bia.id, name: 'Bia', vehicle: 'scooter', status: 'offline' },
      hub: { id: hubId, name: 'Centro', ...HUB },
    });
    const loose = await server.createCourier(admin, { name: 'Caio' });
    expect((await me(loose.deviceToken)).body).toMatchObject({
      courier: { id: loose.id },
      hub: null,
    });
    expect(await me()).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(await me('not-a-token')).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  });

  it('refuses a dispatcher of another hub both the code and the revoke, changing nothing', async () => {
    const bia = await courier();
    expect(await makeCode(bia.id, otherDispatcher)).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    const revoke = await server.request('DELETE', `/api/v1/couriers/${bia.id}/token`, {
      cookie: otherDispatcher,
    });
    expect(revoke).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const codes = await server.app.db.query('select id from pairing_codes where courier_id = $1', [
      bia.id,
    ]);
    expect(codes).toEqual([]);
    expect((await sendPings(bia.deviceToken)).status).toBe(200);
  });

  it('refuses a code for a courier that does not exist or is inactive, and anyone signed out', async () => {
    expect(await makeCode(999_999)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const bia = await courier();
    await server.request('PATCH', `/api/v1/couriers/${bia.id}`, {
      cookie: admin,
      body: { active: false },
    });
    expect(await makeCode(bia.id)).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const anonymous = await server.request('POST', `/api/v1/couriers/${bia.id}/pairing`);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  });

  it('answers rate_limited to an address after many wrong codes, even for a good one', async () => {
    const guesser = '203.0.113.7';
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await pair('ZZZZZZZZZZ', guesser)).status);
    expect(answers).toEqual(Array(10).fill(401));
    const bia = await courier();
    const { code } = (await makeCode(bia.id)).body;
    expect(await pair(code, guesser)).toMatchObject({
      status: 429,
      body: { code: 'rate_limited' },
    });
    expect((await pair(code, '203.0.113.8')).status).toBe(200);
  });
});

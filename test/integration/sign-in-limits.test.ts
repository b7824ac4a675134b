import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../server/src/auth/sign-in-throttle';
import { ADMIN, eventually, TestServer } from '../helpers/test-server';

const wrong = (server: TestServer, email: string, headers: Record<string, string> = {}) =>
  server.request('POST', '/api/v1/auth/login', {
    body: { email, password: 'not-the-password' },
    headers,
  });

const right = (server: TestServer, email = ADMIN.email, password = ADMIN.password) =>
  server.request('POST', '/api/v1/auth/login', { body: { email, password } });

/** The sign-in security events recorded so far, oldest first. */
const signInEvents = (server: TestServer) =>
  server.app.db.query<{ kind: string; actor_type: string; data: Record<string, unknown> }>(
    `select kind, actor_type, data from events where kind like 'auth.%' order by id`,
  );

describe('sign-in limits, with no proxy trusted (the default)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ TRUST_PROXY: 'false' });
    const admin = await server.login();
    const created = await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        email: 'dina@example.com',
        name: 'Dina',
        role: 'dispatcher',
        password: 'route-board-keeper',
      },
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => server?.stop());

  it('locks an account after wrong passwords and refuses even the right one, saying when to retry', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.failuresBeforeLockout; i++)
      expect((await wrong(server, 'dina@example.com')).status).toBe(401);
    const locked = await right(server, 'DINA@example.com', 'route-board-keeper');
    expect(locked).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.firstLockoutMs / 1000);
    // Another account from the same address still signs in.
    expect((await right(server)).status).toBe(200);
  });

  it('records failed sign-ins and the lockout with the address and the email', async () => {
    const events = await eventually(async () => {
      const rows = await signInEvents(server);
      return rows.some((r) => r.kind === 'auth.locked_out') ? rows : undefined;
    });
    const failed = events.filter((e) => e.kind === 'auth.login_failed');
    expect(failed).toHaveLength(SIGN_IN_LIMITS.failuresBeforeLockout);
    expect(failed[0]).toMatchObject({
      actor_type: 'anonymous',
      data: { ip: '127.0.0.1', email: 'dina@example.com' },
    });
    expect(events.find((e) => e.kind === 'auth.locked_out')).toMatchObject({
      actor_type: 'anonymous',
      data: { ip: '127.0.0.1', email: 'dina@example.com', because: 'account' },
    });
  });

  it('is not fooled by a different X-Forwarded-For on each attempt', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push(
        (await wrong(server, ADMIN.email, { 'x-forwarded-for': `198.51.100.${i}` })).status,
      );
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(
      SIGN_IN_LIMITS.failuresBeforeLockout,
    );
    const refused = await right(server);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const failed = (await signInEvents(server)).filter((e) => e.kind === 'auth.login_failed');
    expect(failed.every((e) => e.data.ip === '127.0.0.1')).toBe(true);
  });
});

describe('sign-in limits behind a trusted proxy (TRUST_PROXY)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => server?.stop());

  it('takes the address from the proxy and still locks the account whatever the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        (await wrong(server, ADMIN.email, { 'x-forwarded-for': `198.51.100.${i}` })).status,
      );
    expect(statuses.slice(0, SIGN_IN_LIMITS.failuresBeforeLockout)).toEqual(
      Array(SIGN_IN_LIMITS.failuresBeforeLockout).fill(401),
    );
    expect(statuses.slice(SIGN_IN_LIMITS.failuresBeforeLockout).every((s) => s === 429)).toBe(true);
    expect((await right(server)).status).toBe(429);
    const failed = await eventually(async () => {
      const rows = (await signInEvents(server)).filter((e) => e.kind === 'auth.login_failed');
      return rows.length === SIGN_IN_LIMITS.failuresBeforeLockout ? rows : undefined;
    });
    expect(failed.map((e) => e.data.ip)).toEqual([
      '198.51.100.0',
      '198.51.100.1',
      '198.51.100.2',
      '198.51.100.3',
      '198.51.100.4',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserList, UserView } from '@dispatch/shared';
import { ADMIN, eventually, TestServer } from '../helpers/test-server';

const PASSWORD = 'route-board-keeper';

describe('console users, managed by admins', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  const ended: number[] = [];

  /** Creates a user as the admin; returns its id. */
  async function createUser(email: string, role = 'dispatcher', extra: object = {}) {
    const res = await server.request<{ user: { id: number } }>('POST', '/api/v1/users', {
      cookie: admin,
      body: { email, name: email.split('@')[0], role, password: PASSWORD, ...extra },
    });
    expect(res.status).toBe(201);
    return res.body.user.id;
  }

  const patch = (id: number, body: object, cookie = admin) =>
    server.request<{ user: UserView; code?: string; details?: unknown[] }>(
      'PATCH',
      `/api/v1/users/${id}`,
      { cookie, body },
    );

  const me = (cookie: string) => server.request('GET', '/api/v1/auth/me', { cookie });

  beforeAll(async () => {
    server = await TestServer.start();
    server.app.bus.on('sessions:ended', (userId) => ended.push(userId));
    admin = await server.login();
    const hub = await server.request<{ id: number }>('POST', '/api/v1/hubs', {
      cookie: admin,
      body: { name: 'North', lat: -20.4, lng: -54.6 },
    });
    hubId = hub.body.id;
  });
  afterAll(() => server?.stop());

  it('lists users with role, hub, whether active, and when they last signed in', async () => {
    const id = await createUser('lia@example.com', 'supervisor', { hubId });
    const list = await server.request<UserList>('GET', '/api/v1/users', { cookie: admin });
    expect(list.status).toBe(200);
    const lia = list.body.users.find((u) => u.id === id);
    expect(lia).toMatchObject({ role: 'supervisor', hubId, active: true, signedInAt: null });
    expect(lia!.createdAt).toBeGreaterThan(0);
    const self = list.body.users.find((u) => u.email === ADMIN.email);
    expect(self).toMatchObject({ role: 'admin', active: true });
    expect(self!.signedInAt).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password_hash|passwordHash/);
  });

  it('lets only admins list, create and change users', async () => {
    const id = await createUser('dan@example.com');
    const dispatcher = await server.login('dan@example.com', PASSWORD);
    expect((await server.request('GET', '/api/v1/users', { cookie: dispatcher })).status).toBe(403);
    expect((await patch(id, { role: 'admin' }, dispatcher)).status).toBe(403);
    const create = await server.request('POST', '/api/v1/users', {
      cookie: dispatcher,
      body: { email: 'x@example.com', name: 'X', role: 'admin', password: PASSWORD },
    });
    expect(create.status).toBe(403);
    expect((await server.request('GET', '/api/v1/users')).status).toBe(401);
    expect((await patch(id, { name: 'Dan' }, '')).status).toBe(401);
  });

  it.each([
    ['too_short', 'short-pw'],
    ['common', 'qwerty123456'],
    ['contains_email', 'my-carla.mendes-pass'],
  ])('refuses a new user whose password breaks the %s rule', async (rule, password) => {
    const res = await server.request<{ code: string; details: unknown[] }>(
      'POST',
      '/api/v1/users',
      {
        cookie: admin,
        body: { email: 'carla.mendes@example.com', name: 'Carla', role: 'dispatcher', password },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'invalid',
      details: [{ path: '/password', message: rule }],
    });
  });

  it('refuses a changed password that breaks the policy and keeps the old one', async () => {
    const id = await createUser('evandro@example.com');
    const res = await patch(id, { password: 'Evandro-was-here-1' });
    expect(res).toMatchObject({ status: 400, body: { details: [{ message: 'contains_email' }] } });
    expect(
      (
        await server.request('POST', '/api/v1/auth/login', {
          body: { email: 'evandro@example.com', password: PASSWORD },
        })
      ).status,
    ).toBe(200);
  });

  it('ends the user’s sessions when an admin resets the password', async () => {
    const id = await createUser('finn@example.com');
    const first = await server.login('finn@example.com', PASSWORD);
    const second = await server.login('finn@example.com', PASSWORD);
    ended.length = 0;
    const res = await patch(id, { password: 'a-brand-new-secret' });
    expect(res.status).toBe(200);
    expect(res.body.user.passwordChangedAt).toBeGreaterThan(0);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(401);
    expect(ended).toEqual([id]);
    await expect(server.login('finn@example.com', PASSWORD)).rejects.toThrow(/401/);
    expect((await me(await server.login('finn@example.com', 'a-brand-new-secret'))).status).toBe(
      200,
    );
  });

  it('keeps the session an admin changes their own password from, and ends the others', async () => {
    const id = await createUser('gil@example.com', 'admin');
    const here = await server.login('gil@example.com', PASSWORD);
    const elsewhere = await server.login('gil@example.com', PASSWORD);
    expect((await patch(id, { password: 'gil-has-a-new-one' }, here)).status).toBe(200);
    expect((await me(here)).status).toBe(200);
    expect((await me(elsewhere)).status).toBe(401);
  });

  it('ends the user’s sessions on a new role or hub', async () => {
    const id = await createUser('hal@example.com');
    let cookie = await server.login('hal@example.com', PASSWORD);
    ended.length = 0;
    expect((await patch(id, { role: 'supervisor' })).body.user.role).toBe('supervisor');
    expect((await me(cookie)).status).toBe(401);
    cookie = await server.login('hal@example.com', PASSWORD);
    expect((await patch(id, { hubId })).body.user.hubId).toBe(hubId);
    expect((await me(cookie)).status).toBe(401);
    expect(ended).toEqual([id, id]);
  });

  it('keeps sessions on a change of name only', async () => {
    const id = await createUser('ivo@example.com');
    const cookie = await server.login('ivo@example.com', PASSWORD);
    expect((await patch(id, { name: 'Ivo Prado' })).body.user.name).toBe('Ivo Prado');
    expect((await me(cookie)).status).toBe(200);
  });

  it('lets no deactivated user in, and lets them back when reactivated', async () => {
    const id = await createUser('jon@example.com');
    const cookie = await server.login('jon@example.com', PASSWORD);
    expect((await patch(id, { active: false })).body.user.active).toBe(false);
    expect((await me(cookie)).status).toBe(401);
    await expect(server.login('jon@example.com', PASSWORD)).rejects.toThrow(/401/);
    expect((await patch(id, { active: true })).body.user.active).toBe(true);
    expect((await me(await server.login('jon@example.com', PASSWORD))).status).toBe(200);
  });

  it('refuses an unknown hub or user', async () => {
    const id = await createUser('kai@example.com');
    expect((await patch(id, { hubId: 99_999 })).body).toMatchObject({ code: 'invalid' });
    expect((await patch(99_999, { name: 'Nobody' })).status).toBe(404);
  });

  it('records changes of users and passwords in the audit trail', async () => {
    const id = await createUser('lee@example.com');
    await patch(id, { role: 'supervisor', password: 'lee-got-a-new-secret' });
    const rows = await eventually(async () => {
      const found = await server.app.db.query<{ kind: string; data: Record<string, unknown> }>(
        `select kind, data from events where subject_type = 'user' and subject_id = $1 order by id`,
        [id],
      );
      return found.length >= 3 ? found : undefined;
    });
    expect(rows.map((r) => r.kind)).toEqual([
      'user.changed',
      'user.changed',
      'auth.password_changed',
    ]);
    expect(rows[1]!.data).toEqual({ role: { from: 'dispatcher', to: 'supervisor' } });
    expect(JSON.stringify(rows)).not.toContain('lee-got-a-new-secret');
  });

  it('lets an admin bound to a hub manage only that hub’s users', async () => {
    const outsider = await createUser('olga@example.com');
    await createUser('nina@example.com', 'admin', { hubId });
    const hubAdmin = await server.login('nina@example.com', PASSWORD);
    const list = await server.request<UserList>('GET', '/api/v1/users', { cookie: hubAdmin });
    expect(list.body.users.length).toBeGreaterThan(0);
    expect(list.body.users.every((u) => u.hubId === hubId)).toBe(true);
    expect((await patch(outsider, { name: 'Olga' }, hubAdmin)).status).toBe(404);
    const made = await server.request<{ user: { hubId: number | null } }>('POST', '/api/v1/users', {
      cookie: hubAdmin,
      body: { email: 'otto@example.com', name: 'Otto', role: 'dispatcher', password: PASSWORD },
    });
    expect(made).toMatchObject({ status: 201, body: { user: { hubId } } });
    const everyHub = await server.request('POST', '/api/v1/users', {
      cookie: hubAdmin,
      body: {
        email: 'pia@example.com',
        name: 'Pia',
        role: 'admin',
        password: PASSWORD,
        hubId: null,
      },
    });
    expect(everyHub.status).toBe(403);
  });

  it('ends the session on sign-out and says so', async () => {
    const id = await createUser('max@example.com');
    const cookie = await server.login('max@example.com', PASSWORD);
    ended.length = 0;
    expect((await server.request('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    expect((await me(cookie)).status).toBe(401);
    expect(ended).toEqual([id]);
  });
});

describe('the last active admin', () => {
  let server: TestServer;
  let admin: string;
  let adminId: number;

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    const self = await server.request<{ user: { id: number } }>('GET', '/api/v1/auth/me', {
      cookie: admin,
    });
    adminId = self.body.user.id;
  });
  afterAll(() => server?.stop());

  it('cannot be demoted or deactivated, and nothing changes', async () => {
    for (const body of [
      { role: 'supervisor' },
      { active: false },
      { role: 'dispatcher', name: 'X' },
    ]) {
      const res = await server.request('PATCH', `/api/v1/users/${adminId}`, {
        cookie: admin,
        body,
      });
      expect(res).toMatchObject({ status: 409, body: { code: 'conflict' } });
    }
    const me = await server.request<{ user: { role: string; name: string } }>(
      'GET',
      '/api/v1/auth/me',
      { cookie: admin },
    );
    expect(me.body.user).toMatchObject({ role: 'admin', name: 'Administrator' });
  });

  it('can step down once another admin is active', async () => {
    const created = await server.request<{ user: { id: number } }>('POST', '/api/v1/users', {
      cookie: admin,
      body: { email: 'second@example.com', name: 'Second', role: 'admin', password: PASSWORD },
    });
    const second = await server.login('second@example.com', PASSWORD);
    const res = await server.request('PATCH', `/api/v1/users/${adminId}`, {
      cookie: admin,
      body: { role: 'supervisor' },
    });
    expect(res.status).toBe(200);
    // The first admin stepped down: now the second is the last one.
    const refused = await server.request('PATCH', `/api/v1/users/${created.body.user.id}`, {
      cookie: second,
      body: { active: false },
    });
    expect(refused.status).toBe(409);
  });
});

import { describe, expect, it } from 'vitest';
import type { UserView } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { UserBoard, brokenPasswordRule } from './user-board.svelte';
import type { UsersApi } from './users-api';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);

const user = (id: number, over: Partial<UserView> = {}): UserView => ({
  id,
  email: `u${id}@example.com`,
  name: `User ${id}`,
  role: 'dispatcher',
  hubId: null,
  active: true,
  createdAt: 1,
  signedInAt: null,
  passwordChangedAt: null,
  ...over,
});

const refusal = (code: 'invalid' | 'conflict', details?: { path: string; message: string }[]) =>
  new ApiError(code, 'refused', code === 'invalid' ? 400 : 409, details);

/** A server in memory, recording what the board sent; `refuse` makes the next change fail. */
function fakeApi(users: UserView[]) {
  const calls: string[] = [];
  let next: Error | null = null;
  const api: UsersApi = {
    list: async () => (calls.push('list'), users.map((u) => ({ ...u }))),
    create: async (body) => {
      calls.push(`create ${body.email} ${body.role} ${body.hubId}`);
      if (next) throw next;
      const made = user(users.length + 1, { email: body.email, name: body.name });
      users.push(made);
      return made;
    },
    update: async (id, patch) => {
      calls.push(`update ${id} ${JSON.stringify(patch)}`);
      if (next) {
        const err = next;
        next = null;
        throw err;
      }
      const i = users.findIndex((u) => u.id === id);
      const { password: _, ...fields } = patch;
      users[i] = { ...users[i]!, ...fields };
      return users[i]!;
    },
  };
  return { api, calls, refuse: (err: Error) => (next = err) };
}

describe('users board', () => {
  it('lists the users and creates one, then shows the list again', async () => {
    const { api, calls } = fakeApi([user(1)]);
    const board = new UserBoard(api);
    await board.load();
    expect(board.users.map((u) => u.id)).toEqual([1]);
    const ok = await board.create({
      name: ' Ana ',
      email: 'ana@example.com',
      role: 'supervisor',
      hubId: 3,
      password: 'a-long-password',
    });
    expect(ok).toBe(true);
    expect(calls).toEqual(['list', 'create ana@example.com supervisor 3', 'list']);
    expect(board.users).toHaveLength(2);
    expect(board.message!(t)).toBe('Ana can now sign in.');
  });

  it('refuses a short password before sending it', async () => {
    const { api, calls } = fakeApi([]);
    const board = new UserBoard(api);
    const ok = await board.create({
      name: 'Ana',
      email: 'ana@example.com',
      role: 'dispatcher',
      hubId: null,
      password: 'short',
    });
    expect(ok).toBe(false);
    expect(calls).toEqual([]);
    expect(board.failed).toBe(true);
    expect(board.message!(t)).toBe('The password needs at least 12 characters.');
    expect(board.message!(tp)).toBe('A senha precisa de pelo menos 12 caracteres.');
  });

  it('says which password rule the server refused, in the page’s language', async () => {
    const { api, refuse } = fakeApi([user(1)]);
    const board = new UserBoard(api);
    await board.load();
    refuse(refusal('invalid', [{ path: '/password', message: 'common' }]));
    expect(await board.resetPassword(board.users[0]!, 'qwerty123456')).toBe(false);
    expect(board.message!(t)).toMatch(/most used/);
    expect(board.message!(tp)).toMatch(/mais usadas/);
  });

  it('tells when the last active admin would be demoted', async () => {
    const { api, refuse } = fakeApi([user(1, { role: 'admin' })]);
    const board = new UserBoard(api);
    await board.load();
    refuse(refusal('conflict'));
    expect(await board.changeRole(board.users[0]!, 'dispatcher')).toBe(false);
    expect(board.users[0]!.role).toBe('admin');
    expect(board.message!(t)).toMatch(/last active admin/);
  });

  it('deactivates and reactivates, keeping the list in step', async () => {
    const { api, calls } = fakeApi([user(1), user(2)]);
    const board = new UserBoard(api);
    await board.load();
    await board.setActive(board.users[1]!, false);
    expect(board.users.map((u) => u.active)).toEqual([true, false]);
    expect(board.message!(t)).toBe('User 2 is deactivated and signed out.');
    await board.setActive(board.users[1]!, true);
    expect(board.users[1]!.active).toBe(true);
    expect(calls.slice(1)).toEqual(['update 2 {"active":false}', 'update 2 {"active":true}']);
  });

  it('changes a hub, to every hub too', async () => {
    const { api, calls } = fakeApi([user(1, { hubId: 4 })]);
    const board = new UserBoard(api);
    await board.load();
    await board.changeHub(board.users[0]!, null);
    expect(board.users[0]!.hubId).toBeNull();
    expect(calls.at(-1)).toBe('update 1 {"hubId":null}');
  });

  it('reads a rule only from a refusal that names the password', () => {
    expect(
      brokenPasswordRule(refusal('invalid', [{ path: '/password', message: 'too_short' }])),
    ).toBe('too_short');
    expect(
      brokenPasswordRule(refusal('invalid', [{ path: '/email', message: 'common' }])),
    ).toBeNull();
    expect(brokenPasswordRule(new Error('x'))).toBeNull();
  });
});

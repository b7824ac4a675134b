import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stop, TrackingLink } from '@dispatch/shared';
import { TestServer } from '../helpers/test-server';

const HUB = { lat: -20.4697, lng: -54.6201, timezone: 'America/Campo_Grande' };

describe('the console’s view of a stop’s customer', () => {
  let server: TestServer;
  let admin: string;
  let stopId: number;
  let ownDispatcher: string;
  let otherDispatcher: string;

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
    const centro = await hub('Centro');
    const norte = await hub('Norte');
    for (const [email, hubId] of [
      ['own@example.com', centro],
      ['other@example.com', norte],
    ] as const) {
      const created = await server.request('POST', '/api/v1/users', {
        cookie: admin,
        body: { email, name: email, role: 'dispatcher', password: 'dispatcher-pw', hubId },
      });
      expect(created.status).toBe(201);
    }
    ownDispatcher = await server.login('own@example.com', 'dispatcher-pw');
    otherDispatcher = await server.login('other@example.com', 'dispatcher-pw');
    const now = Date.now();
    const imported = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            orderRef: 'C-1',
            address: 'Rua 14 de Julho, 100',
            lat: -20.46,
            lng: -54.61,
            windowStart: now + 3_600_000,
            windowEnd: now + 7_200_000,
            hubId: centro,
            customerName: 'Maria Souza',
            customerPhone: '+55 67 99999-0000',
          },
        ],
      },
    });
    expect(imported.status).toBe(201);
    stopId = imported.body.ids[0]!;
  });
  afterAll(() => server?.stop());

  it('shows the customer’s contact and instructions on the stop', async () => {
    await server.app.db.query(
      `update stops set customer_email = $2, instructions_kind = 'door_code', instructions = '4321#' where id = $1`,
      [stopId, 'maria@example.com'],
    );
    const { status, body } = await server.request<Stop>('GET', `/api/v1/stops/${stopId}`, {
      cookie: ownDispatcher,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      customerName: 'Maria Souza',
      customerPhone: '+55 67 99999-0000',
      customerEmail: 'maria@example.com',
      instructions: { kind: 'door_code', text: '4321#' },
    });
  });

  it('gives a stop’s tracking link, the same each time, whose token opens that stop', async () => {
    const first = await server.request<TrackingLink>(
      'GET',
      `/api/v1/stops/${stopId}/tracking-link`,
      {
        cookie: ownDispatcher,
      },
    );
    expect(first.status).toBe(200);
    const token = /\/t\/([A-Za-z0-9_-]+)$/.exec(first.body.url)?.[1];
    expect(token).toBeDefined();
    expect(await server.app.customers.links.stopIdFor(token!)).toBe(stopId);
    const again = await server.request<TrackingLink>(
      'GET',
      `/api/v1/stops/${stopId}/tracking-link`,
      {
        cookie: admin,
      },
    );
    expect(again.body.url).toBe(first.body.url);
  });

  it('refuses a dispatcher of another hub, a stranger and an unknown stop', async () => {
    const path = `/api/v1/stops/${stopId}/tracking-link`;
    const other = await server.request<{ code: string }>('GET', path, { cookie: otherDispatcher });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    expect((await server.request('GET', path)).status).toBe(401);
    const unknown = await server.request<{ code: string }>(
      'GET',
      '/api/v1/stops/999999/tracking-link',
      {
        cookie: admin,
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    const bad = await server.request<{ code: string }>('GET', '/api/v1/stops/abc/tracking-link', {
      cookie: admin,
    });
    expect(bad.status).toBe(400);
  });
});

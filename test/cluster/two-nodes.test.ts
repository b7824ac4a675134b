import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFleetColumns, type FleetDelta, type StopChange } from '@dispatch/shared';
import { TestServer, eventually, makePings } from '../helpers/test-server';
import { twoNodes } from './two-node-cluster';

/** Two nodes of one cluster in this process: one PostgreSQL database, one Redis, own ports. */
const CAMPO_GRANDE = { lat: -20.4697, lng: -54.6201 };
const VIEW: [number, number, number, number] = [-54.8, -20.6, -54.4, -20.3];
const HOUR = 3_600_000;

describe('two nodes on one PostgreSQL and one Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let admin: string;

  beforeAll(async () => {
    ({ first: a, second: b } = await twoNodes());
    admin = await a.login();
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('says on /readyz which node answered and that Redis answers', async () => {
    expect((await a.request('GET', '/readyz')).body).toMatchObject({
      status: 'ready',
      node: 'node-a',
      redis: 'ready',
    });
    expect((await b.request('GET', '/readyz')).body).toMatchObject({ node: 'node-b' });
  });

  it('shows a console on one node the couriers pinging the other, and says which node it is on', async () => {
    const courier = await a.createCourier(admin, { name: 'Ana' });
    const consoleB = await b.connectConsole(admin);
    const deltas: FleetDelta[] = [];
    consoleB.on('fleet:delta', (d) => deltas.push(d));
    const view = await consoleB.timeout(5000).emitWithAck('view', { bounds: VIEW });
    expect(view.ok).toBe(true);
    expect((await eventually(() => TestServer.helloOf(consoleB)))?.node).toBe('node-b');

    const device = await a.connectCourier(courier.deviceToken);
    const ack = await device
      .timeout(10_000)
      .emitWithAck('pings', { pings: makePings(3, 1, Date.now() - 3000, CAMPO_GRANDE) });
    expect(ack).toMatchObject({ ok: true });
    const seen = await eventually(() => {
      const rows = deltas.flatMap((d) => decodeFleetColumns(d));
      return rows.find((r) => r.id === courier.id);
    });
    expect(seen.lat).toBeCloseTo(CAMPO_GRANDE.lat, 2);
    // The node that did not take the fixes holds the courier too.
    expect(b.app.fleet.get(courier.id)).toBeDefined();
  });

  it('pushes a stop created on one node to consoles on the other once, and both rosters follow', async () => {
    const courier = await a.createCourier(admin, { name: 'Bia' });
    const consoleB = await b.connectConsole(admin);
    await consoleB.timeout(5000).emitWithAck('view', { bounds: VIEW });
    const changes: StopChange[] = [];
    consoleB.on('stop:changed', (c) => changes.push(...c));

    const now = Date.now();
    const created = await a.request<{ imported: number }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            orderRef: 'CLUSTER-1',
            address: 'Rua Bahia 100',
            lat: -20.466,
            lng: -54.615,
            windowStart: new Date(now + HOUR).toISOString(),
            windowEnd: new Date(now + 3 * HOUR).toISOString(),
            courierId: courier.id,
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    await eventually(() => (b.app.roster.get(courier.id)?.route.length === 1 ? true : undefined));
    await eventually(() => (changes.length > 0 ? true : undefined));
    // Give a duplicate the time to arrive, then count.
    await new Promise((r) => setTimeout(r, 500));
    expect(changes.filter((c) => c.courierId === courier.id)).toHaveLength(1);
  });

  it('closes consoles on every node when their user signs out on one', async () => {
    const cookie = await b.login();
    const consoleA = await a.connectConsole(cookie);
    await consoleA.timeout(5000).emitWithAck('view', { bounds: VIEW });
    const ended = new Promise<void>((resolve) => consoleA.once('disconnect', () => resolve()));
    expect((await b.request('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    await ended;
  });
});

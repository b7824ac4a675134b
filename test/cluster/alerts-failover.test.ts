import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, Ping } from '@dispatch/shared';
import type { TestServer } from '../helpers/test-server';
import { eventually } from '../helpers/test-server';
import { twoNodes } from './two-node-cluster';

/**
 * Two nodes on one PostgreSQL and one Redis with short leases: a courier stalls, its alert opens
 * on the node owning the courier's hub, the owner leaves, and the other node takes the hub over
 * and carries the same alert on.
 */
const MIN = 60_000;
const HOME = { lat: -20.4697, lng: -54.6201 };

/** Fixes every 20 s standing at one spot (a few metres of jitter), from `fromMs` to `toMs`. */
function standing(seq0: number, fromMs: number, toMs: number): Ping[] {
  const pings: Ping[] = [];
  for (let t = fromMs, i = 0; t <= toMs; t += 20_000, i++) {
    const jitter = ((i % 3) - 1) * 2e-5;
    pings.push({ seq: seq0 + i, t, lat: HOME.lat + jitter, lng: HOME.lng - jitter, acc: 8 });
  }
  return pings;
}

describe('alerts of a hub when its owner leaves the cluster', () => {
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  /** Alerts each node wrote itself (`onLocal` hears only this node's own events). */
  const written = new Map<string, AlertView[]>([
    ['node-a', []],
    ['node-b', []],
  ]);

  beforeAll(async () => {
    ({ first: a, second: b } = await twoNodes({
      prefix: 'alerts-failover',
      settings: {
        LEASE_TTL_S: 2,
        STALL_AFTER_S: 300,
        OFFLINE_AFTER_S: 3600,
        DETECT_TICK_MS: 100,
        ALERT_REFRESH_S: 0,
      },
    }));
    for (const [node, server] of [
      ['node-a', a],
      ['node-b', b],
    ] as const) {
      server.app.bus.onLocal('alert:changed', (view) => written.get(node)!.push(view));
    }
    admin = await a.login();
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  /** The live owner of a hub's lease, as the database (through `server`) says. */
  async function ownerOf(server: TestServer, hubId: number): Promise<string | undefined> {
    const [lease] = await server.app.db.query<{ owner: string }>(
      'select owner from hub_leases where hub_id = $1 and expires_at > now()',
      [hubId],
    );
    return lease?.owner;
  }

  const stallsOf = async (server: TestServer, courierId: number) =>
    (
      await server.request<{ alerts: AlertView[] }>(
        'GET',
        `/api/v1/alerts?status=all&kind=stalled&courierId=${courierId}`,
        { cookie: admin },
      )
    ).body.alerts;

  async function send(server: TestServer, token: string, pings: Ping[]) {
    const device = await server.connectCourier(token);
    const ack = await device.timeout(10_000).emitWithAck('pings', { pings });
    expect(ack).toMatchObject({ ok: true });
    device.disconnect();
  }

  it('keeps the stalled courier’s alert open on the same row after the other node takes the hub', async () => {
    const hub = await a.request<{ id: number }>('POST', '/api/v1/hubs', {
      cookie: admin,
      body: { name: 'Centro', lat: HOME.lat, lng: HOME.lng },
    });
    const hubId = hub.body.id;
    const courier = await a.createCourier(admin, { name: 'Ana', hubId, vehicle: 'car' });
    const stop = await a.request('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            address: 'Rua Bahia 100',
            lat: HOME.lat - 0.03,
            lng: HOME.lng,
            windowStart: Date.now(),
            windowEnd: Date.now() + 8 * 3600_000,
            hubId,
            courierId: courier.id,
          },
        ],
      },
    });
    expect(stop.status).toBe(201);
    const ownerName = await eventually(() => ownerOf(a, hubId), 10_000, 'an owner for the hub');
    const [owner, other] = ownerName === 'node-a' ? [a, b] : [b, a];
    const otherName = ownerName === 'node-a' ? 'node-b' : 'node-a';
    // Both nodes hold the courier and its route before it moves.
    await eventually(
      () => (a.app.roster.get(courier.id)?.route.length === 1 ? true : undefined),
      10_000,
    );
    await eventually(
      () => (b.app.roster.get(courier.id)?.route.length === 1 ? true : undefined),
      10_000,
    );

    // Standing for six minutes, sent to the node that does not own the hub.
    const now = Date.now();
    await send(other, courier.deviceToken, standing(1, now - 17 * MIN, now - 11 * MIN));
    const opened = await eventually(
      async () => (await stallsOf(other, courier.id))[0],
      10_000,
      'a stall alert',
    );
    expect(opened).toMatchObject({ severity: 'warning', hubId, resolvedAt: null });
    expect(written.get(ownerName)!.map((v) => v.id)).toContain(opened.id);
    expect(written.get(otherName)).toEqual([]);

    // The owner leaves: its leases are released and the other node takes the hub.
    await owner.app.close();
    await eventually(
      async () => ((await ownerOf(other, hubId)) === otherName ? true : undefined),
      2 * 2_000 + 1_000,
      'the other node to own the hub',
    );

    // Still standing: the stall turns critical on the same alert, written by the new owner.
    await send(other, courier.deviceToken, standing(100, now - 11 * MIN + 20_000, now - MIN));
    const critical = await eventually(
      async () => {
        const [alert] = await stallsOf(other, courier.id);
        return alert?.severity === 'critical' ? alert : undefined;
      },
      10_000,
      'the stall to turn critical',
    );
    expect(critical.id).toBe(opened.id);
    expect(critical.resolvedAt).toBeNull();
    expect(await stallsOf(other, courier.id)).toHaveLength(1);
    expect(written.get(otherName)!.map((v) => v.id)).toContain(opened.id);
  });
});

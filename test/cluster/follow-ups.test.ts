import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StopChange } from '@dispatch/shared';
import type { TestServer } from '../helpers/test-server';
import { eventually, makePings, type CourierClient } from '../helpers/test-server';
import { twoNodes } from './two-node-cluster';

/**
 * Two nodes of one cluster in this process on one PostgreSQL and one Redis: the follow-ups of a
 * stop change (a re-attempt) and the stored ETAs of a hub are made by the hub's owner only, however
 * the courier's phone reaches the cluster.
 */
const HUB = { lat: -20.46, lng: -54.61 };
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('follow-ups of stop changes in a cluster', () => {
  let a: TestServer;
  let b: TestServer;
  let owner: TestServer;
  let other: TestServer;
  let admin: string;
  let hubId: number;
  let courierId: number;
  let device: CourierClient;
  /** Each node's own `etas:changed`: the ETAs it stored. */
  const storedBy = new Map<TestServer, StopChange[]>();

  /** A stop's status and stored ETA, read through the node that stays up. */
  const stopRow = async (id: number) =>
    (
      await other.app.db.query<{ status: string; eta: number | null }>(
        `select status, (extract(epoch from eta) * 1000)::float8 as eta from stops where id = $1`,
        [id],
      )
    )[0]!;
  const importStop = async (orderRef: string) => {
    const now = Date.now();
    const res = await a.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            orderRef,
            address: 'Rua 1',
            lat: HUB.lat + 0.01,
            lng: HUB.lng + 0.01,
            hubId,
            courierId,
            windowStart: new Date(now - HOUR).toISOString(),
            windowEnd: new Date(now + 3 * HOUR).toISOString(),
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const [id] = res.body.ids;
    await eventually(() => (owner.app.roster.stop(id!) ? true : undefined), 10_000);
    return id!;
  };

  const decisionsOf = async (stopId: number) =>
    (
      await other.app.db.query<{ kind: string }>(
        `select kind from events where subject_type = 'stop' and subject_id = $1
           and kind in ('stop.reattempt_planned', 'stop.moved_to_next_day', 'stop.returning')`,
        [stopId],
      )
    ).map((d) => d.kind);

  beforeAll(async () => {
    ({ first: a, second: b } = await twoNodes({ prefix: 'follow-ups' }));
    admin = await a.login();
    hubId = (
      await a.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Centro', ...HUB, timezone: 'America/Campo_Grande' },
      })
    ).body.id;
    const leaseOwner = await eventually(
      async () =>
        (
          await a.app.db.query<{ owner: string }>(
            'select owner from hub_leases where hub_id = $1 and expires_at > now()',
            [hubId],
          )
        )[0]?.owner,
      15_000,
      'the hub leased',
    );
    [owner, other] = leaseOwner === 'node-a' ? [a, b] : [b, a];
    for (const node of [a, b]) {
      const mine: StopChange[] = [];
      storedBy.set(node, mine);
      node.app.bus.onLocal('etas:changed', (changes) => mine.push(...changes));
    }
    const courier = await a.createCourier(admin, { name: 'Ana', vehicle: 'car', hubId });
    courierId = courier.id;
    // The phone reaches the node that does not own the courier's hub.
    device = await other.connectCourier(courier.deviceToken);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    device?.disconnect();
    await b?.stop();
    await a?.stop();
  });

  it('stores a hub’s ETAs on its owner only, though the fixes came through the other node', async () => {
    const stopId = await importStop('ETA-1');
    const ack = await device
      .timeout(5000)
      .emitWithAck('pings', { pings: makePings(3, 1, Date.now() - 3000, HUB) });
    expect(ack).toMatchObject({ ok: true });
    const stored = await eventually(
      async () => (await stopRow(stopId)).eta ?? undefined,
      15_000,
      'an ETA stored',
    );
    expect(storedBy.get(owner)!.some((c) => c.id === stopId)).toBe(true);

    // The other node predicts an hour later and flushes: nothing of the owner's hub is written.
    const { app } = other;
    app.eta.estimateArrivals({
      position: HUB,
      at: Date.now() + HOUR,
      vehicle: 'car',
      stops: app.roster.get(courierId)!.route,
    });
    await app.eta.flush();
    expect(storedBy.get(other)).toEqual([]);
    expect(Math.abs((await stopRow(stopId)).eta! - stored)).toBeLessThan(30 * MIN);
  });

  it('makes one re-attempt of a failure reported to the node that does not own the hub, on the owner', async () => {
    const stopId = await importStop('FAIL-1');
    const decidedByOwner = vi.spyOn(owner.app.reattempts, 'decide');
    const decidedByOther = vi.spyOn(other.app.reattempts, 'decide');

    expect(
      await device.timeout(5000).emitWithAck('stop:failed', { stopId, reasonCode: 'not_home' }),
    ).toEqual({ ok: true });
    await eventually(
      async () => ((await stopRow(stopId)).status === 'unassigned' ? true : undefined),
      15_000,
      'the re-attempt planned',
    );
    await Promise.all([owner.app.reattempts.settled(), other.app.reattempts.settled()]);

    expect(await decisionsOf(stopId)).toEqual(['stop.reattempt_planned']);
    expect(decidedByOwner.mock.calls).toEqual([[stopId]]);
    expect(decidedByOther).not.toHaveBeenCalled();
  });

  // Last: the owner shuts down here.
  it('makes the re-attempt the old owner left undone when the other node takes the hub', async () => {
    const stopId = await importStop('FAIL-2');
    // The owner stops following failures: this one is left to whoever holds the hub next.
    owner.app.reattempts.stop();
    const decidedByOther = vi.spyOn(other.app.reattempts, 'decide');
    expect(
      await device.timeout(5000).emitWithAck('stop:failed', { stopId, reasonCode: 'not_home' }),
    ).toEqual({ ok: true });
    await other.app.reattempts.settled();
    expect((await stopRow(stopId)).status).toBe('failed');
    expect(decidedByOther).not.toHaveBeenCalled();

    // Shutting down hands the hub over at once (the database stays for the other node).
    await owner.app.close();
    await eventually(
      async () => ((await stopRow(stopId)).status === 'unassigned' ? true : undefined),
      20_000,
      'the left-over re-attempt planned',
    );
    await other.app.reattempts.settled();
    expect(await decisionsOf(stopId)).toEqual(['stop.reattempt_planned']);
    expect(decidedByOther.mock.calls).toEqual([[stopId]]);
  });
});

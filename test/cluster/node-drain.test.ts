import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PingAck } from '@dispatch/shared';
import type { TestServer } from '../helpers/test-server';
import { eventually, makePings } from '../helpers/test-server';
import { twoNodes } from './two-node-cluster';

/** A node shutting down (SIGTERM runs `app.close()`) while a device sends through it. */
const BATCH = 5;

describe('a node that drains', () => {
  let a: TestServer;
  let b: TestServer;
  let aStopped = false;
  const hubIds: number[] = [];

  beforeAll(async () => {
    ({ first: b, second: a } = await twoNodes({ names: ['node-b', 'node-a'] }));
    const admin = await b.login();
    for (const name of ['Norte', 'Sul', 'Leste', 'Oeste']) {
      const hub = await b.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name, lat: -20.47, lng: -54.62 },
      });
      hubIds.push(hub.body.id);
    }
  });
  afterAll(async () => {
    if (!aStopped) await a?.stop();
    await b?.stop();
  });

  function leaseOwners(): Promise<{ hubId: number; owner: string; live: boolean }[]> {
    return b.app.db.query(
      `select hub_id as "hubId", owner, expires_at > now() as live from hub_leases order by hub_id`,
    );
  }

  it('loses no acked ping and leaves every hub to the other node', async () => {
    // Node A holds hubs of its own before it goes.
    await eventually(
      async () =>
        (await leaseOwners()).some((l) => l.owner === 'node-a' && l.live) ? true : undefined,
      30_000,
      'node A to hold a hub',
    );
    const admin = await b.login();
    const courier = await b.createCourier(admin, { name: 'Gil', hubId: hubIds[0] });
    const device = await a.connectCourier(courier.deviceToken);

    const acked: number[] = [];
    const answers: Promise<void>[] = [];
    const t0 = Date.now() - 600_000;
    let seq = 1;
    let closing: Promise<void> | null = null;
    // Batches keep going out without waiting for acks until the node has closed the socket.
    while (device.connected) {
      const pings = makePings(BATCH, seq, t0 + seq * 1000);
      seq += BATCH;
      answers.push(
        device
          .timeout(15_000)
          .emitWithAck('pings', { pings })
          .then(
            (ack: PingAck) => {
              if (ack.ok) acked.push(...pings.map((p) => p.seq));
            },
            () => undefined,
          ),
      );
      if (!closing && acked.length >= 3 * BATCH) {
        aStopped = true;
        closing = a.stop();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await closing;
    // Node A released its leases before it finished closing, rather than letting them expire.
    expect((await leaseOwners()).filter((l) => l.owner === 'node-a' && l.live)).toEqual([]);
    await Promise.all(answers);

    expect(acked.length).toBeGreaterThanOrEqual(3 * BATCH);
    const stored = await b.app.db.query<{ seq: number; n: number }>(
      `select seq::float8 as seq, count(*)::int as n from pings where courier_id = $1 group by seq`,
      [courier.id],
    );
    const counts = new Map(stored.map((r) => [r.seq, r.n]));
    expect(acked.filter((s) => counts.get(s) !== 1)).toEqual([]);

    // The other node takes the released hubs on its next round.
    const owners = await eventually(
      async () => {
        const leases = await leaseOwners();
        return leases.length === hubIds.length &&
          leases.every((l) => l.owner === 'node-b' && l.live)
          ? leases
          : undefined;
      },
      10_000,
      'node B to hold every hub',
    );
    expect(owners.map((l) => l.hubId)).toEqual([...hubIds].sort((x, y) => x - y));
  });
});

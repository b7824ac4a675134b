import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ping } from '@dispatch/shared';
import type { TestServer } from '../helpers/test-server';
import { makePings, type CourierClient } from '../helpers/test-server';
import { twoNodes } from './two-node-cluster';

/** A device's pings on two nodes of one cluster: each sequence number is stored once. */

describe('a device served by two nodes', () => {
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

  /** How many rows each sequence number of the courier has. */
  async function rowsPerSeq(courierId: number): Promise<Map<number, number>> {
    const rows = await a.app.db.query<{ seq: number; n: number }>(
      `select seq::float8 as seq, count(*)::int as n from pings where courier_id = $1 group by seq`,
      [courierId],
    );
    return new Map(rows.map((r) => [r.seq, r.n]));
  }

  function send(device: CourierClient, pings: Ping[]) {
    return device.timeout(10_000).emitWithAck('pings', { pings });
  }

  function closed(device: CourierClient): Promise<void> {
    return new Promise((resolve) => device.once('disconnect', () => resolve()));
  }

  it('stores each sequence number once when the device moves from one node to the other and back', async () => {
    const courier = await a.createCourier(admin, { name: 'Caio' });
    const t0 = Date.now() - 60_000;
    const pings = makePings(9, 1, t0);

    const onA = await a.connectCourier(courier.deviceToken);
    expect(await send(onA, pings.slice(0, 3))).toMatchObject({ ok: true, stored: 3 });

    const aClosed = closed(onA);
    const onB = await b.connectCourier(courier.deviceToken);
    await aClosed;
    // The unacked resend of 1..3 and new pings: only the new ones are stored.
    expect(await send(onB, pings.slice(0, 6))).toMatchObject({ ok: true, duplicates: 3 });

    const bClosed = closed(onB);
    const backOnA = await a.connectCourier(courier.deviceToken);
    await bClosed;
    // Node A saw 1..3 only; 4..6 went through node B.
    expect(await send(backOnA, pings.slice(3, 9))).toMatchObject({ ok: true, upTo: 9 });

    const counts = await rowsPerSeq(courier.id);
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('closes the device’s connection on the other node when it connects again', async () => {
    const courier = await a.createCourier(admin, { name: 'Davi' });
    const onA = await a.connectCourier(courier.deviceToken);
    const aClosed = closed(onA);
    const onB = await b.connectCourier(courier.deviceToken);
    await aClosed;
    expect(onA.connected).toBe(false);
    expect(onB.connected).toBe(true);
  });

  it('stores a sequence number once when two connections on two nodes send it at the same moment', async () => {
    const courier = await a.createCourier(admin, { name: 'Eva' });
    const post = (node: TestServer, pings: Ping[]) =>
      node.request<{ ok: boolean }>('POST', '/api/v1/pings', {
        headers: { authorization: `Bearer ${courier.deviceToken}` },
        body: { pings },
      });
    const t0 = Date.now() - 120_000;
    for (let round = 0; round < 10; round++) {
      const batch = makePings(5, 1 + round * 5, t0 + round * 5000);
      const [viaA, viaB] = await Promise.all([post(a, batch), post(b, batch)]);
      expect(viaA).toMatchObject({ status: 200, body: { ok: true } });
      expect(viaB).toMatchObject({ status: 200, body: { ok: true } });
    }
    const counts = await rowsPerSeq(courier.id);
    expect(counts.size).toBe(50);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  });
});

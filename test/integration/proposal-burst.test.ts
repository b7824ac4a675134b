import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, Ping, SuggestionView } from '@dispatch/shared';
import { TestServer, eventually } from '../helpers/test-server';

const MIN = 60_000;
const HOME = { lat: -20.46, lng: -54.61 };
const BURST = 100;
const at = (northKm: number, eastKm: number) => ({
  lat: HOME.lat + northKm / 111.2,
  lng: HOME.lng + eastKm / 104.2,
});

function fixAt(seq: number, t: number, place: { lat: number; lng: number }): Ping {
  return { seq, t, ...place, acc: 6 };
}

describe('a burst of proposals while couriers keep pinging', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start({ DETECT_TICK_MS: 200 });
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  it(`acknowledges every ping and stores a proposal for each of ${BURST} stops at risk at once`, async () => {
    const hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie,
        body: { name: 'Centro', ...HOME },
      })
    ).body.id;
    const far = await server.createCourier(cookie, { name: 'Far', vehicle: 'car', hubId });
    const near = await server.createCourier(cookie, { name: 'Near', vehicle: 'car', hubId });
    const pinger = await server.createCourier(cookie, { name: 'Pinger', vehicle: 'bike', hubId });
    const nearDevice = await server.connectCourier(near.deviceToken);
    const farDevice = await server.connectCourier(far.deviceToken);
    const device = await server.connectCourier(pinger.deviceToken);
    const now = Date.now();
    expect(
      await nearDevice.emitWithAck('pings', { pings: [fixAt(1, now, at(0, 0))] }),
    ).toMatchObject({ ok: true });

    // A hundred deliveries around the hub, due in 20 minutes, on the route of a courier 25 km
    // away: one detection pass finds them all at risk, and each asks for a proposal at once.
    const res = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: Array.from({ length: BURST }, (_, i) => ({
          orderRef: `B-${i}`,
          address: `${i} Rua Burst`,
          ...at(((i % 10) - 5) * 0.1, (Math.floor(i / 10) - 5) * 0.1),
          windowStart: now - 30 * MIN,
          windowEnd: now + 20 * MIN,
          serviceSeconds: 60,
          demand: 0,
          hubId,
          courierId: far.id,
        })),
      },
    });
    expect(res.status).toBe(201);

    // The far courier keeps reporting from 25 km away, and another courier pings every 100 ms
    // through the burst; every batch must be acknowledged.
    const acks: unknown[] = [];
    let seq = 1;
    let pinging = true;
    const pings = (async () => {
      while (pinging) {
        const t = Date.now();
        acks.push(await farDevice.emitWithAck('pings', { pings: [fixAt(seq, t, at(25, 0))] }));
        acks.push(await device.emitWithAck('pings', { pings: [fixAt(seq, t, at(1, 1))] }));
        seq++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const atRisk = await eventually(
      async () => {
        const alerts = (
          await server.request<{ alerts: AlertView[] }>(
            'GET',
            `/api/v1/alerts?status=open&kind=late_risk&courierId=${far.id}&limit=500`,
            { cookie },
          )
        ).body.alerts;
        return alerts.length >= BURST ? alerts : undefined;
      },
      30_000,
      `${BURST} late-risk alerts`,
    );
    const stopIds = new Set(atRisk.map((a) => a.stopId));
    const suggested = await eventually(
      async () => {
        await server.app.triggers.settled();
        const open = (
          await server.request<{ suggestions: SuggestionView[] }>(
            'GET',
            '/api/v1/suggestions?status=open&limit=1000',
            { cookie },
          )
        ).body.suggestions;
        const covered = new Set(open.flatMap((s) => s.stopIds).filter((id) => stopIds.has(id)));
        return covered.size >= BURST ? open : undefined;
      },
      60_000,
      `a proposal for each of the ${BURST} stops`,
    );
    pinging = false;
    await pings;

    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack).toMatchObject({ ok: true });
    expect(suggested.filter((s) => s.fromCourierId === far.id).length).toBeGreaterThanOrEqual(
      BURST,
    );
    const metrics = (await server.request<string>('GET', '/metrics', { cookie })).body;
    expect(metrics).toMatch(/dispatch_proposal_queue_length 0/);
    expect(metrics).not.toMatch(/dispatch_proposals_dropped_total\{reason="overflow"\}/);
  }, 120_000);
});

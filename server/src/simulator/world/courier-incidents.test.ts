import { haversineMeters, type Ping, type RouteStop } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { CourierAgent, type AgentEvent } from '../courier-agent';
import { incidentLine } from '../incident-log';
import { createRng } from '../../lib/rng';
import { gridNetwork } from '../../streets/grid';
import type { TruthSample } from './ground-truth';
import { NO_WORLD_INCIDENTS, type WorldIncidentRates } from './incidents';
import { FREE_FLOW_TRAFFIC } from './traffic';
import type { Traffic } from './types';

const CENTER = { lat: -20.46, lng: -54.6 };
const T0 = Date.UTC(2025, 0, 15, 12);
const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 3000 });

function stops(rng: ReturnType<typeof createRng>, count: number): RouteStop[] {
  return Array.from({ length: count }, (_, i) => {
    const node = network.node(network.randomNode(rng));
    return {
      id: 100 + i,
      seq: i + 1,
      kind: 'delivery',
      status: 'assigned',
      lat: node.lat,
      lng: node.lng,
      address: `Rua ${i}`,
      orderRef: null,
      windowStart: T0,
      windowEnd: T0 + 10 * 3_600_000,
      serviceSeconds: 120,
      eta: null,
    };
  });
}

/** An agent with only the given incident kinds, run for `minutes` with 1 s ticks. */
function runAgent(
  rates: Partial<WorldIncidentRates>,
  minutes: number,
  seed = 11,
  traffic: Traffic = FREE_FLOW_TRAFFIC,
) {
  const rng = createRng(seed);
  const truth: TruthSample[] = [];
  const agent = new CourierAgent({
    courierId: 3,
    vehicle: 'car',
    network,
    start: network.node(network.randomNode(rng)),
    startMs: T0,
    seqBase: 1,
    rng,
    traffic,
    worldIncidents: { ...NO_WORLD_INCIDENTS, rates: { ...NO_WORLD_INCIDENTS.rates, ...rates } },
    onTruth: (s) => truth.push(s),
  });
  agent.setRoute({ courierId: 3, version: 1, stops: stops(rng, 60) });
  const events: AgentEvent[] = [];
  const offlineAt: number[] = [];
  for (let t = T0 + 1000; t <= T0 + minutes * 60_000; t += 1000) {
    events.push(...agent.tick(t));
    if (agent.offline) offlineAt.push(t);
  }
  const pings: Ping[] = agent.queue.oldest(agent.queue.size);
  return { agent, events, truth, pings, offlineAt };
}

const startedOf = (events: AgentEvent[], kind: string) =>
  events.flatMap((e) =>
    e.type === 'world_incident_started' && e.incident.kind === kind ? [e.incident] : [],
  );
const endedOf = (events: AgentEvent[], kind: string) =>
  events.flatMap((e) =>
    e.type === 'world_incident_ended' && e.incident.kind === kind ? [e.incident] : [],
  );

describe('world incidents on a courier agent', () => {
  it('stands the courier still for the whole of an unplanned stop', () => {
    const { events, truth } = runAgent({ stop: 2 }, 120);
    const stop = endedOf(events, 'stop')[0]!;
    const during = truth.filter((s) => s.atMs > stop.from + 1000 && s.atMs < stop.to - 1000);
    expect(during.length).toBeGreaterThan(30);
    const first = during[0]!;
    for (const s of during)
      expect(haversineMeters(first.lat, first.lng, s.lat, s.lng)).toBeLessThan(1);
  });

  it('records no fix while the phone is off, and sends none while offline', () => {
    const { events, pings, truth } = runAgent({ offline: 3 }, 180, 12);
    const spells = endedOf(events, 'offline');
    const off = spells.find((i) => i.phoneOff);
    const noNetwork = spells.find((i) => !i.phoneOff);
    expect(off && noNetwork).toBeTruthy();
    const inside = (t: number, i: { from: number; to: number }) => t > i.from && t < i.to - 1000;
    expect(pings.filter((p) => inside(p.t, off!))).toEqual([]);
    expect(pings.filter((p) => inside(p.t, noNetwork!)).length).toBeGreaterThan(30);
    expect(truth.filter((s) => inside(s.atMs, noNetwork!) && s.sending)).toEqual([]);
  });

  it('leaves the phone at the parked vehicle while the courier walks to the door and back', () => {
    const { events, pings, truth } = runAgent({ phone_in_vehicle: 3 }, 240, 13);
    const left = endedOf(events, 'phone_in_vehicle')[0]!;
    expect(left.parkedAt).toBeDefined();
    const { lat, lng } = left.parkedAt!;
    const during = pings.filter((p) => p.t > left.from && p.t < left.to);
    expect(during.length).toBeGreaterThan(60);
    // Plain GPS noise: about 5 m, with an occasional poor fix.
    const near = during.filter((p) => haversineMeters(lat, lng, p.lat, p.lng) < 20);
    expect(near.length / during.length).toBeGreaterThan(0.9);
    // Meanwhile the courier truly went somewhere: to the door.
    const courier = truth.filter((s) => s.atMs > left.from && s.atMs < left.to);
    const farthest = Math.max(...courier.map((s) => haversineMeters(lat, lng, s.lat, s.lng)));
    expect(farthest).toBeGreaterThan(15);
    // Away at least the planned minimum (10 min) less a walk.
    expect(left.to - left.from).toBeGreaterThan(8 * 60_000);
    expect(startedOf(events, 'phone_in_vehicle').length).toBeGreaterThanOrEqual(1);
  });

  it('writes each incident as one log line with its parameters', () => {
    const line = incidentLine({
      kind: 'offline',
      courierId: 3,
      from: 1,
      to: 2,
      phoneOff: true,
    });
    expect(JSON.parse(line)).toEqual({
      kind: 'offline',
      courierId: 3,
      from: 1,
      to: 2,
      phoneOff: true,
    });
  });
});

describe('a crawl', () => {
  /** Every street at 40 % of the cruising speed. */
  const slowStreets: Traffic = {
    speedFactor: () => 0.4,
    junctionDelaySeconds: () => 0,
    corridorIncidents: () => [],
  };

  it('creeps at its own true speed, whatever the street makes of a cruising speed', () => {
    const { events, truth } = runAgent({ crawl: 2 }, 120, 14, slowStreets);
    const crawl = endedOf(events, 'crawl').find((c) => c.to - c.from > 3 * 60_000)!;
    const during = truth.filter((s) => s.atMs > crawl.from + 30_000 && s.atMs < crawl.to);
    const seconds = (during.at(-1)!.atMs - during[0]!.atMs) / 1000;
    let meters = 0;
    for (let i = 1; i < during.length; i++) {
      const [a, b] = [during[i - 1]!, during[i]!];
      if (!a.serving && !b.serving) meters += haversineMeters(a.lat, a.lng, b.lat, b.lng);
    }
    const mps = meters / seconds;
    expect(mps).toBeGreaterThan(crawl.crawlMps! * 0.5);
    expect(mps).toBeLessThan(crawl.crawlMps! * 1.5);
  });
});

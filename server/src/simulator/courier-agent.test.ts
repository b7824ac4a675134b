import { haversineMeters, type Ping, type RoutePayload, type RouteStop } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { StopVisitReportSchema, compileValidator } from '@dispatch/shared';
import { CourierAgent, type AgentEvent, type CourierAgentOptions } from './courier-agent';
import type { Incident } from './incidents';
import { createRng } from '../lib/rng';
import { gridNetwork } from '../streets/grid';

const CENTER = { lat: -20.46, lng: -54.6 };
const T0 = Date.UTC(2025, 0, 15, 12);
const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 3000 });
const METERS_PER_DEG_LAT = 111_320;

/** A node `east`/`north` blocks (200 m) from the centre. */
function nodeAt(east: number, north: number): { lat: number; lng: number } {
  const lat = CENTER.lat + (north * 200) / METERS_PER_DEG_LAT;
  const lng =
    CENTER.lng + (east * 200) / (METERS_PER_DEG_LAT * Math.cos((CENTER.lat * Math.PI) / 180));
  return network.node(network.nearestNode(lat, lng));
}

function makeStop(
  id: number,
  seq: number,
  at: { lat: number; lng: number },
  overrides: Partial<RouteStop> = {},
): RouteStop {
  return {
    id,
    seq,
    kind: 'delivery',
    status: 'assigned',
    lat: at.lat,
    lng: at.lng,
    address: `Rua ${id}`,
    orderRef: null,
    windowStart: T0,
    windowEnd: T0 + 3_600_000,
    serviceSeconds: 120,
    eta: null,
    ...overrides,
  };
}

function makeAgent(overrides: Partial<CourierAgentOptions> = {}): CourierAgent {
  return new CourierAgent({
    courierId: 7,
    vehicle: 'car',
    network,
    start: nodeAt(0, 0),
    startMs: T0,
    seqBase: 1_000,
    rng: createRng(42),
    ...overrides,
  });
}

/** Ticks every `stepMs` until `untilMs`, collecting events and every fix recorded. */
function run(
  agent: CourierAgent,
  fromMs: number,
  untilMs: number,
  stepMs = 250,
): { events: AgentEvent[]; pings: Ping[] } {
  const events: AgentEvent[] = [];
  for (let t = fromMs + stepMs; t <= untilMs; t += stepMs) events.push(...agent.tick(t));
  const pings = agent.queue.oldest(agent.queue.size);
  return { events, pings };
}

/** Distance to the nearest grid street: every true position on this grid lies on one. */
function metersOffStreet(lat: number, lng: number): number {
  const north = (lat - CENTER.lat) * METERS_PER_DEG_LAT;
  const east = (lng - CENTER.lng) * METERS_PER_DEG_LAT * Math.cos((CENTER.lat * Math.PI) / 180);
  const off = (v: number): number => Math.abs(v - Math.round(v / 200) * 200);
  return Math.min(off(north), off(east));
}

function firstIncident(events: AgentEvent[], kind: Incident['kind']): Incident {
  for (const e of events)
    if (e.type === 'incident_started' && e.incident.kind === kind) return e.incident;
  throw new Error(`no ${kind} incident started`);
}

const route: RoutePayload = {
  courierId: 7,
  version: 1,
  stops: [
    makeStop(1, 1, nodeAt(3, 2)),
    makeStop(2, 2, nodeAt(-2, 4), { status: 'delivered' }),
    makeStop(3, 3, nodeAt(-4, -1), { serviceSeconds: 300 }),
    makeStop(4, 4, nodeAt(1, -5)),
  ],
};

const visit = compileValidator(StopVisitReportSchema, 'stop visit');

describe('CourierAgent', () => {
  it('records one fix per interval with strictly increasing seq and time', () => {
    const agent = makeAgent();
    agent.setRoute(route);
    const { pings } = run(agent, T0, T0 + 10 * 60_000);
    expect(pings.length).toBeGreaterThanOrEqual(599);
    expect(pings.length).toBeLessThanOrEqual(600);
    pings.forEach((p, i) => {
      expect(p.seq).toBe(1_000 + i);
      if (i > 0) expect(p.t - pings[i - 1]!.t).toBe(1000);
    });
  });

  it('visits open stops in seq order, skipping delivered ones, and dwells the service time', () => {
    const agent = makeAgent();
    agent.setRoute(route);
    const { events } = run(agent, T0, T0 + 60 * 60_000);
    const arrivals = events.filter((e) => e.type === 'arrived');
    const departures = events.filter((e) => e.type === 'departed');
    expect(arrivals.map((e) => e.stopId)).toEqual([1, 3, 4]);
    expect(departures.map((e) => e.stopId)).toEqual([1, 3, 4]);
    const dwellS = arrivals.map((a, i) => (departures[i]!.atMs - a.atMs) / 1000);
    expect(dwellS).toEqual([120, 300, 120]);
    // Visit times go to the server as they are, and it takes whole milliseconds only.
    for (const event of [...arrivals, ...departures]) {
      expect(visit.parse({ stopId: event.stopId, t: event.atMs }).ok, String(event.atMs)).toBe(
        true,
      );
    }
    expect(events.some((e) => e.type === 'route_done')).toBe(true);
    expect(agent.status).toBe('idle');
  });

  it('sets off to each open stop once, when it leaves for it', () => {
    const agent = makeAgent();
    agent.setRoute(route);
    const { events } = run(agent, T0, T0 + 60 * 60_000);
    const legs = events.flatMap((e) =>
      e.type === 'set_off' || e.type === 'departed' ? [`${e.type} ${e.stopId}`] : [],
    );
    expect(legs).toEqual([
      'set_off 1',
      'departed 1',
      'set_off 3',
      'departed 3',
      'set_off 4',
      'departed 4',
    ]);
    const first = events.find((e) => e.type === 'set_off')!;
    expect(first.atMs).toBe(T0);
  });

  it('does not report setting off to a stop replaced before it moved, nor to the hub', () => {
    const agent = makeAgent();
    agent.setRoute({ courierId: 7, version: 1, stops: [makeStop(1, 1, nodeAt(3, 2))] });
    agent.setRoute({
      courierId: 7,
      version: 2,
      stops: [
        makeStop(2, 1, nodeAt(-2, 4)),
        makeStop(9, 2, nodeAt(-3, -3), { status: 'returning' }),
      ],
    });
    const { events } = run(agent, T0, T0 + 60 * 60_000);
    const setOff = events.flatMap((e) => (e.type === 'set_off' ? [e.stopId] : []));
    expect(setOff).toEqual([2]);
  });

  it('drives a parcel going back to the hub last, and reaches the hub instead of visiting it', () => {
    const agent = makeAgent();
    const hub = nodeAt(-3, -3);
    agent.setRoute({
      courierId: 7,
      version: 1,
      stops: [makeStop(9, 1, { ...hub }, { status: 'returning' }), makeStop(1, 2, nodeAt(3, 2))],
    });
    const { events } = run(agent, T0, T0 + 60 * 60_000);
    const done = events.flatMap((e) =>
      e.type === 'arrived' || e.type === 'reached_hub' ? [`${e.type} ${e.stopId}`] : [],
    );
    expect(done).toEqual(['arrived 1', 'reached_hub 9']);
    expect(haversineMeters(agent.motion.lat, agent.motion.lng, hub.lat, hub.lng)).toBeLessThan(15);
  });

  it('visits a stop again once the route dropped it and gave it back (a new attempt)', () => {
    const agent = makeAgent();
    const stop = makeStop(1, 1, nodeAt(1, 1));
    agent.setRoute({ courierId: 7, version: 1, stops: [stop] });
    const first = run(agent, T0, T0 + 20 * 60_000).events;
    agent.setRoute({ courierId: 7, version: 2, stops: [stop] });
    const stale = run(agent, T0 + 20 * 60_000, T0 + 30 * 60_000).events;
    agent.setRoute({ courierId: 7, version: 3, stops: [] });
    agent.setRoute({ courierId: 7, version: 4, stops: [{ ...stop, seq: 5 }] });
    const again = run(agent, T0 + 30 * 60_000, T0 + 50 * 60_000).events;
    const arrivals = (events: AgentEvent[]) => events.filter((e) => e.type === 'arrived').length;
    expect([arrivals(first), arrivals(stale), arrivals(again)]).toEqual([1, 0, 1]);
  });

  it('drives at about the vehicle speed along the streets', () => {
    const agent = makeAgent();
    agent.setRoute(route);
    const { events, pings } = run(agent, T0, T0 + 60 * 60_000);
    const firstArrival = events.find((e) => e.type === 'arrived')!;
    // 5 blocks of 200 m at 9 m/s ±15%, avenues up to 1.3x faster
    const seconds = (firstArrival.atMs - T0) / 1000;
    expect(seconds).toBeGreaterThan(1000 / (9 * 1.15 * 1.3));
    expect(seconds).toBeLessThan(1000 / (9 * 0.85));
    for (const p of pings.filter((p) => p.acc! <= 15)) {
      expect(metersOffStreet(p.lat, p.lng)).toBeLessThan(30);
    }
    expect(Math.max(...pings.map((p) => p.spd!))).toBeLessThan(9 * 1.15 * 1.3 + 2);
  });

  it('idles near its last stop once the route is done', () => {
    const agent = makeAgent();
    agent.setRoute(route);
    run(agent, T0, T0 + 60 * 60_000);
    const last = route.stops[3]!;
    const { lat, lng } = agent.motion;
    expect(haversineMeters(lat, lng, last.lat, last.lng)).toBeLessThanOrEqual(8.01);
  });

  it('reroutes when the route changes and never revisits a served stop', () => {
    const agent = makeAgent();
    agent.setRoute(route);
    const first = run(agent, T0, T0 + 5 * 60_000).events;
    expect(first.filter((e) => e.type === 'departed').map((e) => e.stopId)).toEqual([1]);
    agent.setRoute({
      ...route,
      version: 2,
      stops: [route.stops[0]!, makeStop(9, 2, nodeAt(5, 5)), route.stops[3]!],
    });
    agent.setRoute({ ...route, version: 1 }); // stale, ignored
    const later = run(agent, T0 + 5 * 60_000, T0 + 60 * 60_000).events;
    expect(later.filter((e) => e.type === 'arrived').map((e) => e.stopId)).toEqual([9, 4]);
  });

  it('stands still during a stall but keeps sending fixes', () => {
    const agent = makeAgent({ incidentRates: { stall: 30, offline: 0, slowdown: 0 } });
    agent.setRoute(route);
    const { events, pings } = run(agent, T0, T0 + 30 * 60_000);
    const stall = firstIncident(events, 'stall');
    const during = pings.filter((p) => p.t > stall.from + 1000 && p.t < stall.from + 240_000);
    expect(during.length).toBeGreaterThan(200);
    expect(during.every((p) => p.spd === 0)).toBe(true);
    const first = during[0]!;
    const spread = Math.max(
      ...during.map((p) => haversineMeters(first.lat, first.lng, p.lat, p.lng)),
    );
    expect(spread).toBeLessThan(150);
  });

  it('keeps recording fixes through an offline spell and flags it', () => {
    const agent = makeAgent({ incidentRates: { stall: 0, offline: 60, slowdown: 0 } });
    agent.setRoute(route);
    const { events, pings } = run(agent, T0, T0 + 10 * 60_000);
    const offline = firstIncident(events, 'offline');
    expect(pings.filter((p) => p.t >= offline.from && p.t < offline.to).length).toBeGreaterThan(
      170,
    );
    expect(agent.offline).toBe(agent.incidents.active?.kind === 'offline');
  });

  it('drives at 30-50% of its speed during a slowdown', () => {
    const agent = makeAgent({ incidentRates: { stall: 0, offline: 0, slowdown: 60 } });
    agent.setRoute(route);
    const { events, pings } = run(agent, T0, T0 + 20 * 60_000);
    const slowdown = firstIncident(events, 'slowdown');
    expect(slowdown.speedFactor).toBeGreaterThanOrEqual(0.3);
    expect(slowdown.speedFactor).toBeLessThanOrEqual(0.5);
    const during = pings.filter((p) => p.t > slowdown.from && p.t < slowdown.to && p.spd! > 0);
    expect(during.length).toBeGreaterThan(0);
    expect(Math.max(...during.map((p) => p.spd!))).toBeLessThan(9 * 1.15 * 1.3 * 0.5 + 1.5);
  });

  it('is deterministic for a seed', () => {
    const a = makeAgent();
    const b = makeAgent();
    a.setRoute(route);
    b.setRoute(route);
    expect(run(a, T0, T0 + 5 * 60_000).pings).toEqual(run(b, T0, T0 + 5 * 60_000).pings);
  });
});

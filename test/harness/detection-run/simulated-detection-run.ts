import { VEHICLES, haversineMeters, type RouteStop } from '@dispatch/shared';
import { CourierAgent } from '../../../server/src/simulator/courier-agent';
import type { IncidentRates } from '../../../server/src/simulator/incidents';
import { createRng } from '../../../server/src/lib/rng';
import { gridNetwork } from '../../../server/src/streets/grid';
import { DetectionEngine } from '../../../server/src/detect/engine';
import { fixFromPing } from '../../../server/src/detect/fix-from-ping';
import type { DetectStop } from '../../../server/src/detect/types';

/** A detector's view of a run: spells of an open condition, server time. */
export interface DetectedSpell {
  kind: 'stalled' | 'offline';
  courierId: number;
  openedAt: number;
  resolvedAt: number | null;
  /** The span the alert says the condition covered: a stall's from/to, or the silence. */
  claimedFrom: number;
  claimedTo: number | null;
}

/** An incident the simulator injected, with what the product rules say about it. */
export interface InjectedIncident {
  kind: 'stall' | 'offline' | 'slowdown';
  courierId: number;
  from: number;
  to: number;
  /** True position within the near-stop distance of the stop being driven to when it began. */
  nearNextStop: boolean;
}

export interface SimulatedRunOptions {
  seed: number;
  couriers: number;
  durationMs: number;
  tickMs: number;
  incidentRates: IncidentRates;
  nearStopMeters: number;
}

export interface SimulatedRun {
  spells: DetectedSpell[];
  incidents: InjectedIncident[];
  maxCouriersEvaluated: number;
  /** Couriers that ran out of open stops (the rules then rightly stay quiet). */
  couriersWithoutWork: number;
}

const CENTER = { lat: -20.46, lng: -54.6 };
const STOPS_PER_COURIER = 80;
export const RUN_START_MS = Date.UTC(2025, 0, 15, 8);

type RouteEvent = { type: 'arrived' | 'departed'; stopId: number };

/**
 * Drives simulator agents in virtual time and feeds the engine as a server would: fixes are
 * delivered each tick unless the agent is offline (then they queue and arrive when it is back,
 * with its stop events after them), and the engine ticks once per tick.
 */
export function runSimulatedDetection(options: SimulatedRunOptions): SimulatedRun {
  const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 3000 });
  const rng = createRng(options.seed);
  const engine = new DetectionEngine();
  const endMs = RUN_START_MS + options.durationMs;
  const agents: CourierAgent[] = [];
  const routes = new Map<number, DetectStop[]>();
  const pendingRoute = new Map<number, RouteEvent[]>();
  const incidents: InjectedIncident[] = [];
  const openIncidents = new Map<number, InjectedIncident>();
  const spells: DetectedSpell[] = [];
  const openSpells = new Map<string, DetectedSpell>();

  for (let id = 1; id <= options.couriers; id++) {
    const vehicle = VEHICLES[id % VEHICLES.length]!;
    const own = rng.fork(id);
    const start = network.node(network.randomNode(own));
    const stops: RouteStop[] = [];
    for (let seq = 1; seq <= STOPS_PER_COURIER; seq++) {
      const node = network.node(network.randomNode(own));
      stops.push({
        id: id * 1000 + seq,
        seq,
        kind: 'delivery',
        status: 'assigned',
        lat: node.lat,
        lng: node.lng,
        address: `Rua ${seq}`,
        orderRef: null,
        windowStart: RUN_START_MS,
        windowEnd: endMs + 3_600_000,
        serviceSeconds: own.int(60, 420),
        eta: null,
      });
    }
    const agent = new CourierAgent({
      courierId: id,
      vehicle,
      network,
      start,
      startMs: RUN_START_MS,
      seqBase: 1,
      rng: own,
      incidentRates: options.incidentRates,
    });
    agent.setRoute({ courierId: id, version: 1, stops });
    agents.push(agent);
    const detectStops = stops.map((s): DetectStop => ({
      id: s.id,
      status: 'assigned',
      lat: s.lat,
      lng: s.lng,
      windowEnd: s.windowEnd,
      serviceSeconds: s.serviceSeconds,
      arrivedAt: null,
      slaTier: 'next_day',
    }));
    routes.set(id, detectStops);
    pendingRoute.set(id, []);
    engine.upsertCourier({ id, vehicle, hubId: 1, shift: { startMs: RUN_START_MS, endMs } });
    engine.setRoute(id, detectStops);
  }

  let maxCouriersEvaluated = 0;
  for (let now = RUN_START_MS + options.tickMs; now <= endMs; now += options.tickMs) {
    for (const agent of agents) {
      const id = agent.courierId;
      for (const event of agent.tick(now)) {
        if (event.type === 'incident_started') {
          const nearNextStop =
            event.incident.kind === 'stall' &&
            isNearNextStop(agent, routes.get(id)!, options.nearStopMeters);
          const incident = { ...event.incident, nearNextStop };
          openIncidents.set(id, incident);
          incidents.push(incident);
        } else if (event.type === 'incident_ended') {
          openIncidents.get(id)!.to = event.incident.to;
          openIncidents.delete(id);
        } else if (event.type === 'arrived' || event.type === 'departed') {
          pendingRoute.get(id)!.push({ type: event.type, stopId: event.stopId });
        }
      }
      if (agent.offline) continue;
      const pings = agent.queue.oldest(agent.queue.size);
      if (pings.length > 0) {
        engine.onFixes(id, pings.map(fixFromPing), now);
        agent.queue.ackUpTo(pings[pings.length - 1]!.seq);
      }
      const events = pendingRoute.get(id)!;
      if (events.length > 0) {
        routes.set(id, applyRouteEvents(routes.get(id)!, events, now));
        engine.setRoute(id, routes.get(id)!);
        events.length = 0;
      }
    }
    for (const signal of engine.tick(now)) {
      if (signal.kind !== 'stalled' && signal.kind !== 'offline') continue;
      const courierId = signal.subject.courierId!;
      const key = `${signal.kind}:${courierId}`;
      const [claimedFrom, claimedTo] =
        signal.kind === 'stalled'
          ? [signal.details.from, signal.details.to]
          : [signal.details.silentSince, signal.active ? null : now];
      if (signal.change === 'open') {
        const spell: DetectedSpell = {
          kind: signal.kind,
          courierId,
          openedAt: now,
          resolvedAt: null,
          claimedFrom,
          claimedTo,
        };
        openSpells.set(key, spell);
        spells.push(spell);
        continue;
      }
      const spell = openSpells.get(key)!;
      spell.claimedTo = claimedTo;
      if (signal.change === 'resolve') {
        spell.resolvedAt = now;
        openSpells.delete(key);
      }
    }
    maxCouriersEvaluated = Math.max(maxCouriersEvaluated, engine.lastTickStats.couriersEvaluated);
  }
  // Incidents still running at the end last until the end, as far as anyone could see.
  for (const incident of openIncidents.values()) incident.to = Math.min(incident.to, endMs);
  const couriersWithoutWork = [...routes.values()].filter((r) => r.length === 0).length;
  return { spells, incidents, maxCouriersEvaluated, couriersWithoutWork };
}

function applyRouteEvents(
  stops: readonly DetectStop[],
  events: readonly RouteEvent[],
  now: number,
): DetectStop[] {
  let next = [...stops];
  for (const event of events) {
    if (event.type === 'departed') next = next.filter((s) => s.id !== event.stopId);
    else
      next = next.map((s) =>
        s.id === event.stopId ? { ...s, status: 'arrived', arrivedAt: now } : s,
      );
  }
  return next;
}

/** Whether the agent stands within the near-stop distance of the stop it is heading for. */
function isNearNextStop(
  agent: CourierAgent,
  stops: readonly DetectStop[],
  meters: number,
): boolean {
  const target = stops.find((s) => s.id === agent.motion.currentStopId);
  if (!target) return false;
  return haversineMeters(agent.motion.lat, agent.motion.lng, target.lat, target.lng) <= meters;
}

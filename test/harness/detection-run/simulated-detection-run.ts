import { VEHICLES, haversineMeters, type RouteStop } from '@dispatch/shared';
import { CourierAgent } from '../../../server/src/simulator/courier-agent';
import {
  TruthTracker,
  type TruthRules,
  type TruthSpell,
} from '../../../server/src/simulator/world/ground-truth';
import type {
  WorldIncident,
  WorldIncidentKind,
  WorldIncidentOptions,
} from '../../../server/src/simulator/world/incidents';
import { createPhoneGps } from '../../../server/src/simulator/world/phone-gps';
import { phoneGpsPort } from '../../../server/src/simulator/world/phone-port';
import { streetDensity } from '../../../server/src/simulator/world/street-density';
import { createTraffic } from '../../../server/src/simulator/world/traffic';
import { createRng } from '../../../server/src/lib/rng';
import { gridNetwork } from '../../../server/src/streets/grid';
import type { DetectionConfig } from '../../../server/src/detect/config';
import { DetectionEngine } from '../../../server/src/detect/engine';
import { fixFromPing } from '../../../server/src/detect/fix-from-ping';
import type { DetectStop } from '../../../server/src/detect/types';

/** What was going on, truly, when an alert opened: to tell why an unwanted one opened. */
export interface AlertContext {
  /** World incidents under way, and those that ended in the last 10 minutes. */
  active: WorldIncidentKind[];
  recent: WorldIncidentKind[];
  trueSpeedMps: number;
  serving: boolean;
  /** On foot from a parked vehicle. */
  walking: boolean;
  /** True distance to the next open stop, null when none is open. */
  metersToNextStop: number | null;
}

/** One alert the engine opened, server time. */
export interface DetectedAlert {
  kind: 'stalled' | 'offline';
  courierId: number;
  openedAt: number;
  resolvedAt: number | null;
  context: AlertContext;
}

export interface SimulatedRunOptions {
  seed: number;
  couriers: number;
  /** Epoch ms of the run's start (the shift starts then). */
  startMs: number;
  durationMs: number;
  /** Fixes are delivered and the engine ticks once per tick. */
  tickMs: number;
  incidents: WorldIncidentOptions;
  /** Phones with the world's GPS model (`phone-gps.ts`); the plain noise of `gps-fix.ts` when false. */
  phoneGps: boolean;
  /** The world's traffic (with parking and walking to the door); plain speeds when false. */
  traffic: boolean;
  truthRules: TruthRules;
  stopsPerCourier: number;
  /** The detectors' thresholds; the defaults when absent. */
  detection?: DetectionConfig;
}

export interface SimulatedRun {
  alerts: DetectedAlert[];
  /** Every true standstill and silence spell of 30 s or more. */
  truth: TruthSpell[];
  /** The incident log: every world incident as it happened. */
  incidents: WorldIncident[];
  /** Couriers that ran out of open stops (the rules then rightly stay quiet). */
  couriersWithoutWork: number;
}

const CENTER = { lat: -20.46, lng: -54.6 };
const RECENT_MS = 10 * 60_000;

type RouteEvent = { type: 'arrived' | 'departed'; stopId: number };

interface Member {
  agent: CourierAgent;
  truth: TruthTracker;
  /** The route as the server knows it (updated when the courier's events get through). */
  serverRoute: DetectStop[];
  pending: RouteEvent[];
  active: Map<WorldIncidentKind, WorldIncident>;
  recentlyEnded: WorldIncident[];
}

/**
 * Drives simulator agents with world incidents in virtual time and feeds the engine as a server
 * would: fixes are delivered each tick unless the phone is offline (then they queue and arrive
 * when it is back, in order, with its stop events after them), and the engine ticks once per tick.
 * Each agent's true state feeds a `TruthTracker`.
 */
export function runSimulatedDetection(options: SimulatedRunOptions): SimulatedRun {
  const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 3000 });
  const rng = createRng(options.seed);
  const engine = new DetectionEngine(options.detection ? { config: options.detection } : {});
  const endMs = options.startMs + options.durationMs;
  const density = streetDensity(network);
  const traffic = options.traffic
    ? createTraffic({
        seed: options.seed,
        utcOffsetMinutes: options.incidents.utcOffsetMinutes,
        bbox: network.bbox,
      })
    : undefined;
  const members: Member[] = [];
  const incidents: WorldIncident[] = [];
  const alerts: DetectedAlert[] = [];
  const openAlerts = new Map<string, DetectedAlert>();

  for (let id = 1; id <= options.couriers; id++) {
    const vehicle = VEHICLES[id % VEHICLES.length]!;
    const own = rng.fork(id);
    const stops = makeStops(id, own, network, options, endMs);
    const truth = new TruthTracker(id, options.truthRules);
    const agent = new CourierAgent({
      courierId: id,
      vehicle,
      network,
      start: network.node(network.randomNode(own)),
      startMs: options.startMs,
      seqBase: 1,
      rng: own,
      worldIncidents: options.incidents,
      ...(options.phoneGps
        ? { phone: phoneGpsPort(createPhoneGps(own.fork('phone')), density) }
        : {}),
      ...(traffic ? { traffic } : {}),
      onTruth: (sample) => truth.observe(sample),
    });
    agent.setRoute({ courierId: id, version: 1, stops });
    const serverRoute = stops.map((s): DetectStop => ({
      id: s.id,
      status: 'assigned',
      lat: s.lat,
      lng: s.lng,
      windowEnd: s.windowEnd,
      serviceSeconds: s.serviceSeconds,
      arrivedAt: null,
      slaTier: 'next_day',
    }));
    members.push({ agent, truth, serverRoute, pending: [], active: new Map(), recentlyEnded: [] });
    engine.upsertCourier({
      id,
      vehicle,
      hubId: 1,
      shift: { startMs: options.startMs, endMs },
    });
    engine.setRoute(id, serverRoute);
  }

  for (let now = options.startMs + options.tickMs; now <= endMs; now += options.tickMs) {
    for (const member of members) {
      tickMember(member, now, engine, incidents);
    }
    for (const signal of engine.tick(now)) {
      if (signal.kind !== 'stalled' && signal.kind !== 'offline') continue;
      const courierId = signal.subject.courierId!;
      const key = `${signal.kind}:${courierId}`;
      if (signal.change === 'open') {
        const member = members[courierId - 1]!;
        const alert: DetectedAlert = {
          kind: signal.kind,
          courierId,
          openedAt: now,
          resolvedAt: null,
          context: contextOf(member),
        };
        openAlerts.set(key, alert);
        alerts.push(alert);
      } else if (signal.change === 'resolve') {
        const alert = openAlerts.get(key);
        if (alert) alert.resolvedAt = now;
        openAlerts.delete(key);
      }
    }
  }
  for (const member of members) {
    for (const incident of member.active.values()) incident.to = Math.min(incident.to, endMs);
  }
  const truth = members.flatMap((m) => m.truth.finish(endMs + 1));
  const couriersWithoutWork = members.filter((m) => m.serverRoute.length === 0).length;
  return { alerts, truth, incidents, couriersWithoutWork };
}

/** One agent's tick: its events into the log and the pending route, its fixes to the engine. */
function tickMember(
  member: Member,
  now: number,
  engine: DetectionEngine,
  log: WorldIncident[],
): void {
  const { agent } = member;
  const id = agent.courierId;
  for (const event of agent.tick(now)) {
    if (event.type === 'world_incident_started') {
      const entry = { ...event.incident };
      member.active.set(entry.kind, entry);
      log.push(entry);
    } else if (event.type === 'world_incident_ended') {
      const entry = member.active.get(event.incident.kind);
      if (entry) {
        entry.to = event.incident.to;
        member.active.delete(entry.kind);
        member.recentlyEnded.push(entry);
      }
    } else if (event.type === 'arrived' || event.type === 'departed') {
      member.pending.push({ type: event.type, stopId: event.stopId });
    }
  }
  member.recentlyEnded = member.recentlyEnded.filter((i) => now - i.to <= RECENT_MS);
  if (agent.offline) return;
  const pings = agent.queue.oldest(agent.queue.size);
  if (pings.length > 0) {
    engine.onFixes(id, pings.map(fixFromPing), now);
    agent.queue.ackUpTo(pings[pings.length - 1]!.seq);
  }
  if (member.pending.length > 0) {
    member.serverRoute = applyRouteEvents(member.serverRoute, member.pending, now);
    engine.setRoute(id, member.serverRoute);
    member.pending.length = 0;
  }
}

function contextOf(member: Member): AlertContext {
  const { agent } = member;
  const next = member.serverRoute.find((s) => s.status !== 'arrived') ?? null;
  return {
    active: [...member.active.keys()],
    recent: member.recentlyEnded.map((i) => i.kind),
    trueSpeedMps: agent.motion.speedMps,
    serving: agent.motion.mode === 'dwelling',
    walking: agent.motion.walking,
    metersToNextStop: next
      ? haversineMeters(agent.motion.lat, agent.motion.lng, next.lat, next.lng)
      : null,
  };
}

function makeStops(
  courierId: number,
  rng: ReturnType<typeof createRng>,
  network: ReturnType<typeof gridNetwork>,
  options: SimulatedRunOptions,
  endMs: number,
): RouteStop[] {
  const stops: RouteStop[] = [];
  for (let seq = 1; seq <= options.stopsPerCourier; seq++) {
    const node = network.node(network.randomNode(rng));
    stops.push({
      id: courierId * 1000 + seq,
      seq,
      kind: 'delivery',
      status: 'assigned',
      lat: node.lat,
      lng: node.lng,
      address: `Rua ${seq}`,
      orderRef: null,
      windowStart: options.startMs,
      windowEnd: endMs + 3_600_000,
      serviceSeconds: rng.int(60, 420),
      eta: null,
    });
  }
  return stops;
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

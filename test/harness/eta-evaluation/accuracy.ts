import type { Ping, Vehicle } from '@dispatch/shared';
import { summariseErrors, type ErrorSummary } from './error-summary';
import { nextEvalStop, type EvalStop } from './eval-stops';
import { CourierAgent } from '../../../server/src/simulator/courier-agent';
import { NO_INCIDENTS, type IncidentRates } from '../../../server/src/simulator/incidents';
import { createRng, type Rng } from '../../../server/src/lib/rng';
import { solarUtcOffsetMinutes } from '../../../server/src/simulator/world/local-time';
import { createTraffic, mainRoadSites } from '../../../server/src/simulator/world/traffic';
import type { Traffic } from '../../../server/src/simulator/world/types';
import { gridNetwork } from '../../../server/src/streets/grid';
import type { StreetNetwork } from '../../../server/src/streets/network';
import { ConstantSpeedProvider } from '../../../server/src/eta/constant-speed-provider';
import { LearnedSpeedProvider } from '../../../server/src/eta/learned-speed-provider';
import { LearnedSpeeds } from '../../../server/src/eta/learned-speeds';
import { RoadGraphProvider } from '../../../server/src/eta/road-graph-provider';
import { routeEtas, type EtaStop } from '../../../server/src/eta/route-etas';
import type { TravelTimeProvider } from '../../../server/src/eta/travel-time';

export interface EtaAccuracyOptions {
  seed: number;
  couriers: number;
  /** Simulated hours in all, the warm-up included. */
  hours: number;
  /** Hours of learning before predictions are scored (default 1). */
  warmupHours?: number;
  /** How long before each arrival the scored prediction was made (default 15 minutes). */
  horizonMinutes?: number;
  /** Streets to drive (default: a generated 8 km grid). Giving one also scores the road-graph provider. */
  network?: StreetNetwork;
  /** Score the road-graph provider (default: when a network is given). */
  roadGraph?: boolean;
  /** Assigned to couriers in turn (default car, scooter, bike, van, foot). */
  vehicles?: readonly Vehicle[];
  /** Time between GPS fixes and between simulation steps (default 5 s). */
  pingIntervalMs?: number;
  /** Time between predictions (default 60 s); the scored one is the last made before the horizon. */
  predictEveryMs?: number;
  /** Local hour the run starts at (default 7: the warm-up catches the morning rush). */
  startLocalHour?: number;
  /** Mean corridor incidents (crashes, road works) starting per hour in the city (default 0.75). */
  corridorIncidentsPerHour?: number;
  /** The world's traffic instead of one seeded by `seed` (e.g. to leave a part of it out). */
  traffic?: Traffic;
  incidentRates?: IncidentRates;
}

/** One provider's accuracy. */
export interface ProviderAccuracy extends ErrorSummary {
  provider: string;
}

export interface EtaAccuracyReport {
  /** Arrivals scored (each provider scores the same ones). */
  arrivals: number;
  providers: ProviderAccuracy[];
  /** The same per vehicle: where a provider's error comes from. */
  byVehicle: { vehicle: Vehicle; providers: ProviderAccuracy[] }[];
  fixesObserved: number;
  /** (cell, bucket) entries learned by the end. */
  learnedEntries: number;
}

/** Open stops kept ahead of each courier: enough for a prediction 15 minutes out. */
const STOPS_AHEAD = 5;
const HOUR_MS = 3_600_000;
const DEFAULT_CENTER = { lat: -20.46, lng: -54.6 };
const DEFAULT_VEHICLES: readonly Vehicle[] = ['car', 'scooter', 'bike', 'van', 'foot'];

interface Prediction {
  atMs: number;
  /** Predicted arrival per provider, epoch ms. */
  arriveAt: number[];
}

interface EvalCourier {
  id: number;
  vehicle: Vehicle;
  agent: CourierAgent;
  rng: Rng;
  route: EvalStop[];
  routeVersion: number;
  lastFix: Ping | null;
  predictions: Map<number, Prediction[]>;
}

/**
 * How close each provider's ETAs come to real arrivals, on a seeded simulator run in virtual
 * time: couriers drive routes through the simulated world (its own street speeds, rush hours
 * per road class, lights, corridor incidents; couriers' detours and parking), every fix they
 * record feeds the learned speeds as it happens, and each stop arrival is compared with the
 * ETA predicted about `horizonMinutes` before it, from the courier's last fix then, chained
 * along its remaining route. Only arrivals after the warm-up are scored.
 */
export function evaluateEtaAccuracy(options: EtaAccuracyOptions): EtaAccuracyReport {
  const {
    seed,
    warmupHours = 1,
    horizonMinutes = 15,
    pingIntervalMs = 5000,
    predictEveryMs = 60_000,
    startLocalHour = 7,
    vehicles = DEFAULT_VEHICLES,
  } = options;
  if (!(options.hours > warmupHours)) throw new RangeError('hours must exceed warmupHours');
  if (!(options.couriers >= 1) || vehicles.length === 0) {
    throw new RangeError('the evaluation needs at least one courier and one vehicle');
  }
  const network =
    options.network ??
    gridNetwork({ centerLat: DEFAULT_CENTER.lat, centerLng: DEFAULT_CENTER.lng });
  const { west, east } = network.bbox;
  const utcOffsetMinutes = solarUtcOffsetMinutes((west + east) / 2);
  // A fixed date keeps runs comparable; the local start hour is what matters.
  const startMs = Date.UTC(2025, 2, 12) + startLocalHour * HOUR_MS - utcOffsetMinutes * 60_000;
  const scoreFromMs = startMs + warmupHours * HOUR_MS;
  const endMs = startMs + options.hours * HOUR_MS;
  const horizonMs = horizonMinutes * 60_000;

  const traffic =
    options.traffic ??
    createTraffic({
      seed,
      utcOffsetMinutes,
      incidentSites: mainRoadSites(network),
      ...(options.corridorIncidentsPerHour === undefined
        ? {}
        : { corridorIncidentsPerHour: options.corridorIncidentsPerHour }),
    });
  const speeds = new LearnedSpeeds({ utcOffsetMinutes });
  const providers: TravelTimeProvider[] = [
    new ConstantSpeedProvider(),
    new LearnedSpeedProvider(speeds),
  ];
  if (options.roadGraph ?? options.network !== undefined) {
    providers.push(new RoadGraphProvider(network, speeds));
  }
  const errors = providers.map((): number[] => []);
  const vehicleErrors = new Map(vehicles.map((v) => [v, providers.map((): number[] => [])]));

  const rootRng = createRng(seed);
  let nextStopId = 1;
  const couriers: EvalCourier[] = [];
  for (let i = 0; i < options.couriers; i++) {
    const rng = rootRng.fork(`courier:${i}`);
    const vehicle = vehicles[i % vehicles.length]!;
    const agent = new CourierAgent({
      courierId: i + 1,
      vehicle,
      network,
      start: network.node(network.randomNode(rng)),
      startMs,
      seqBase: 0,
      rng: rng.fork('agent'),
      pingIntervalMs,
      traffic,
      incidentRates: options.incidentRates ?? NO_INCIDENTS,
    });
    const courier: EvalCourier = {
      id: i + 1,
      vehicle,
      agent,
      rng: rng.fork('stops'),
      route: [],
      routeVersion: 0,
      lastFix: null,
      predictions: new Map(),
    };
    extendRoute(courier);
    couriers.push(courier);
  }

  function extendRoute(courier: EvalCourier): void {
    while (courier.route.length < STOPS_AHEAD) {
      const last = courier.route.at(-1) ?? courier.agent.motion;
      courier.route.push(nextEvalStop(network, courier.rng, nextStopId++, last, courier.vehicle));
    }
    courier.agent.setRoute({
      courierId: courier.id,
      version: ++courier.routeVersion,
      stops: courier.route.map((s, i) => ({
        id: s.id,
        seq: i + 1,
        status: s.arrivedAt === null ? 'assigned' : 'arrived',
        lat: s.lat,
        lng: s.lng,
        serviceSeconds: s.serviceSeconds,
      })),
    });
  }

  function predict(courier: EvalCourier, nowMs: number): void {
    const fix = courier.lastFix;
    if (!fix) return;
    const stops: EtaStop[] = courier.route.map((s) => ({
      ...s,
      status: s.arrivedAt === null ? 'assigned' : 'arrived',
      // Windows are left wide open: the simulated couriers never wait for one.
      windowStart: 0,
      windowEnd: Number.MAX_SAFE_INTEGER,
    }));
    const start = { lat: fix.lat, lng: fix.lng, at: nowMs };
    const byProvider = providers.map((p) =>
      routeEtas(p, start, courier.vehicle, stops, courier.id),
    );
    courier.route.forEach((stop, i) => {
      if (stop.arrivedAt !== null) return;
      const list = courier.predictions.get(stop.id) ?? [];
      list.push({ atMs: nowMs, arriveAt: byProvider.map((etas) => etas[i]!.arriveAt) });
      courier.predictions.set(stop.id, list);
    });
  }

  function score(courier: EvalCourier, stopId: number, arrivedMs: number): void {
    const list = courier.predictions.get(stopId) ?? [];
    courier.predictions.delete(stopId);
    const due = arrivedMs - horizonMs;
    const made = list.filter((p) => p.atMs <= due && p.atMs > due - predictEveryMs).at(-1);
    if (!made) return;
    made.arriveAt.forEach((predicted, i) => {
      errors[i]!.push((predicted - arrivedMs) / 1000);
      vehicleErrors.get(courier.vehicle)![i]!.push((predicted - arrivedMs) / 1000);
    });
  }

  let fixesObserved = 0;
  let nextPredictMs = scoreFromMs;
  for (let t = startMs + pingIntervalMs; t <= endMs; t += pingIntervalMs) {
    for (const courier of couriers) {
      const events = courier.agent.tick(t);
      const fixes = courier.agent.queue.oldest(courier.agent.queue.size);
      for (const fix of fixes) {
        speeds.observe(courier.id, courier.vehicle, {
          t: fix.t,
          lat: fix.lat,
          lng: fix.lng,
          accuracyMeters: fix.acc ?? null,
        });
        courier.lastFix = fix;
        fixesObserved++;
      }
      if (courier.lastFix) courier.agent.queue.ackUpTo(courier.lastFix.seq);
      for (const event of events) {
        if (event.type === 'arrived') {
          const stop = courier.route.find((s) => s.id === event.stopId);
          if (stop) stop.arrivedAt = event.atMs;
          score(courier, event.stopId, event.atMs);
        } else if (event.type === 'departed') {
          courier.route = courier.route.filter((s) => s.id !== event.stopId);
          extendRoute(courier);
        }
      }
    }
    if (t >= nextPredictMs) {
      for (const courier of couriers) predict(courier, t);
      nextPredictMs += predictEveryMs;
    }
  }

  return {
    arrivals: errors[0]!.length,
    providers: providers.map((p, i) => ({ provider: p.name, ...summariseErrors(errors[i]!) })),
    byVehicle: [...vehicleErrors].map(([vehicle, perProvider]) => ({
      vehicle,
      providers: providers.map((p, i) => ({
        provider: p.name,
        ...summariseErrors(perProvider[i]!),
      })),
    })),
    fixesObserved,
    learnedEntries: speeds.size,
  };
}

import {
  DetectionEngine,
  type ArrivalEstimator,
  type DetectCourier,
  type DetectStop,
  type MotionFix,
} from '../../server/src/detect';
import {
  LearnedSpeedProvider,
  LearnedSpeeds,
  routeEtas,
  type TravelTimeProvider,
} from '../../server/src/eta';
import { createRng } from '../../server/src/lib/rng';
import { nextFix, planFleet, type MovingCourier } from './detect-fleet';

export interface DetectorCostOptions {
  couriers: number;
  /** Each courier sends one fix every this many seconds (1: every courier every tick). */
  fixEveryS: number;
  ticks: number;
  stopsPerCourier: number;
  seed: number;
}

/** Per measured tick, in tick order. */
export interface TickSeries {
  wallMs: number[];
  /** CPU time of the process during the tick: on a shared machine wall time also counts waiting. */
  cpuMs: number[];
  evaluated: number[];
  estimatorCalls: number[];
  /** Time spent inside the arrival estimator during the tick. */
  estimatorMs: number[];
  /** Signals given over the measured ticks. */
  signals: number;
  /** Conditions open after the last tick. */
  openAtEnd: number;
}

export interface DetectorCostResult {
  options: DetectorCostOptions;
  /** The first tick after loading the fleet: every courier evaluated and estimated. */
  firstTickMs: number;
  engine: TickSeries;
  /** The same engine with every courier marked changed before each tick. */
  fullScan: TickSeries;
  /** Feeding one tick's fixes to the engine and the learned speeds, as the server does. */
  intakeMs: number[];
  fixesPerTick: number[];
}

const T0 = Date.UTC(2025, 2, 12, 12);
const CENTER = { lat: -20.46, lng: -54.6 };
const HISTORY_FIXES = 10;
/** Device time runs this far behind the server's receive time. */
const DEVICE_LAG_MS = 300;

/**
 * Arrival predictions as the server's ETA service makes them: `routeEtas` through the provider from
 * the courier's latest fix, with each stop's window start (waiting when early).
 */
export function routeArrivalEstimator(
  provider: TravelTimeProvider,
  windowStartOf: ReadonlyMap<number, number>,
): ArrivalEstimator {
  return ({ position, at, vehicle, stops }) => {
    if (!position) return stops.map(() => Number.NaN);
    const etas = routeEtas(
      provider,
      { lat: position.lat, lng: position.lng, at },
      vehicle,
      stops.map((s) => ({ ...s, windowStart: windowStartOf.get(s.id) ?? 0 })),
    );
    const byStop = new Map(etas.map((e) => [e.stopId, e.arriveAt]));
    return stops.map((s) => byStop.get(s.id) ?? Number.NaN);
  };
}

function emptySeries(): TickSeries {
  return {
    wallMs: [],
    cpuMs: [],
    evaluated: [],
    estimatorCalls: [],
    estimatorMs: [],
    signals: 0,
    openAtEnd: 0,
  };
}

/** An estimator that adds up the time spent in it, for `takeMs` to collect. */
function timedEstimator(estimate: ArrivalEstimator): {
  estimate: ArrivalEstimator;
  takeMs: () => number;
} {
  let spentMs = 0;
  return {
    estimate: (input) => {
      const started = performance.now();
      const arrivals = estimate(input);
      spentMs += performance.now() - started;
      return arrivals;
    },
    takeMs: () => {
      const ms = spentMs;
      spentMs = 0;
      return ms;
    },
  };
}

interface TimedEngine {
  engine: DetectionEngine;
  estimatorMs: () => number;
  series: TickSeries;
}

/** Runs one tick, recording its cost; returns how many signals it gave. */
function timedTick({ engine, estimatorMs, series: into }: TimedEngine, now: number): number {
  estimatorMs(); // drops time counted outside a timed tick (the first tick)
  const cpu = process.cpuUsage();
  const started = performance.now();
  const signals = engine.tick(now);
  into.wallMs.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  into.cpuMs.push((used.user + used.system) / 1000);
  into.evaluated.push(engine.lastTickStats.couriersEvaluated);
  into.estimatorCalls.push(engine.lastTickStats.estimatorCalls);
  into.estimatorMs.push(estimatorMs());
  return signals.length;
}

/**
 * Times `DetectionEngine.tick` on a synthetic fleet with the learned-speed ETA estimator, one
 * simulated second per tick, against a full scan of the same fleet in the same run: a second
 * engine, fed the same fixes, with every courier marked changed before each of its ticks.
 * The two run alternately so that both see the same machine load. The full scan refreshes a
 * courier's estimates as soon as they are due, the engine with the courier's next fix or
 * deadline, so their signals agree in substance but not always in the tick they come on.
 */
export function measureDetectorCost(options: DetectorCostOptions): DetectorCostResult {
  const rng = createRng(options.seed);
  const plan = planFleet({
    count: options.couriers,
    stopsPerCourier: options.stopsPerCourier,
    center: CENTER,
    spreadMeters: 12_000,
    firstWindowEndMs: T0 + 60 * 60_000,
    windowStepMs: 45 * 60_000,
    windowLengthMs: 2 * 3_600_000,
    rng: rng.fork('plan'),
  });
  const moves = rng.fork('moves');
  const speeds = new LearnedSpeeds();
  const windowStartOf = new Map<number, number>();
  const provider = new LearnedSpeedProvider(speeds);
  const forEngine = timedEstimator(routeArrivalEstimator(provider, windowStartOf));
  const forScan = timedEstimator(routeArrivalEstimator(provider, windowStartOf));
  const engine = new DetectionEngine({ estimateArrivals: forEngine.estimate });
  const fullScan = new DetectionEngine({ estimateArrivals: forScan.estimate });
  const inputs: DetectCourier[] = [];
  let stopId = 0;

  plan.couriers.forEach((courier, i) => {
    courier.id = i + 1;
    const input: DetectCourier = {
      id: courier.id,
      vehicle: courier.vehicle,
      hubId: 1 + (i % 20),
      shift: { startMs: T0 - 3_600_000, endMs: T0 + 8 * 3_600_000 },
    };
    inputs.push(input);
    const route: DetectStop[] = plan.stops[i]!.map((s) => {
      const id = ++stopId;
      windowStartOf.set(id, s.windowStartMs);
      return {
        id,
        status: 'assigned',
        lat: s.lat,
        lng: s.lng,
        windowEnd: s.windowEndMs,
        serviceSeconds: s.serviceSeconds,
        arrivedAt: null,
        slaTier: s.slaTier,
      };
    });
    const history = Array.from({ length: HISTORY_FIXES }, (_, k) =>
      nextFix(courier, T0 - (HISTORY_FIXES - k) * 1000, moves),
    );
    for (const target of [engine, fullScan]) {
      target.upsertCourier(input);
      target.setRoute(courier.id, route);
      target.onFixes(courier.id, history, T0 - 1000);
    }
    for (const fix of history) speeds.observe(courier.id, courier.vehicle, fix);
  });

  let started = performance.now();
  engine.tick(T0);
  const firstTickMs = performance.now() - started;
  fullScan.tick(T0);

  const result: DetectorCostResult = {
    options,
    firstTickMs,
    engine: emptySeries(),
    fullScan: emptySeries(),
    intakeMs: [],
    fixesPerTick: [],
  };
  const timedEngine = { engine, estimatorMs: forEngine.takeMs, series: result.engine };
  const timedScan = { engine: fullScan, estimatorMs: forScan.takeMs, series: result.fullScan };
  const sent: { courier: MovingCourier; fix: MotionFix }[] = [];
  for (let k = 1; k <= options.ticks; k++) {
    const now = T0 + k * 1000;
    sent.length = 0;
    for (let i = 0; i < plan.couriers.length; i++) {
      if ((i + k) % options.fixEveryS !== 0) continue;
      const courier = plan.couriers[i]!;
      sent.push({ courier, fix: nextFix(courier, now - DEVICE_LAG_MS, moves) });
    }
    started = performance.now();
    for (const { courier, fix } of sent) {
      engine.onFixes(courier.id, [fix], now);
      speeds.observe(courier.id, courier.vehicle, fix);
    }
    result.intakeMs.push(performance.now() - started);
    result.fixesPerTick.push(sent.length);
    for (const { courier, fix } of sent) fullScan.onFixes(courier.id, [fix], now);
    for (const input of inputs) fullScan.upsertCourier(input);

    if (k % 2 === 1) {
      result.engine.signals += timedTick(timedEngine, now);
      result.fullScan.signals += timedTick(timedScan, now);
    } else {
      result.fullScan.signals += timedTick(timedScan, now);
      result.engine.signals += timedTick(timedEngine, now);
    }
  }
  result.engine.openAtEnd = engine.openConditions;
  result.fullScan.openAtEnd = fullScan.openConditions;
  return result;
}

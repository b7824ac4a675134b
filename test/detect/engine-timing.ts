/**
 * Times `DetectionEngine.tick` on a large fleet: each tick, a share of the couriers sends one new
 * fix. Prints a table.
 * `tsx test/detect/engine-timing.ts [--couriers 50000] [--dirty 0.1] [--ticks 60] [--no-eta]`
 */
import { parseArgs } from 'node:util';
import { haversineMeters } from '@dispatch/shared';
import { DetectionEngine, type ArrivalEstimator, type DetectStop } from '../../server/src/detect';
import { createRng } from '../../server/src/simulator/rng';
import { cell, markdownTable, percentile } from '../bench/table';

const { values } = parseArgs({
  options: {
    couriers: { type: 'string', default: '50000' },
    dirty: { type: 'string', default: '0.1' },
    ticks: { type: 'string', default: '60' },
    'no-eta': { type: 'boolean', default: false },
  },
});
const couriers = Number(values.couriers);
const dirtyShare = Number(values.dirty);
const ticks = Number(values.ticks);

const T0 = Date.UTC(2025, 0, 15, 8);
const CENTER = { lat: -20.46, lng: -54.6 };
const rng = createRng(7);
const jitter = (meters: number): number => rng.normal(0, meters) / 111_320;

/** Straight line at 8 m/s with the service times, as a stand-in for the ETA module. */
const estimateArrivals: ArrivalEstimator = ({ position, at, stops }) => {
  let t = at;
  let here = position ?? stops[0]!;
  return stops.map((s) => {
    t += (haversineMeters(here.lat, here.lng, s.lat, s.lng) / 8) * 1000;
    here = s;
    const arrival = t;
    t += s.serviceSeconds * 1000;
    return arrival;
  });
};

const engine = new DetectionEngine(values['no-eta'] ? {} : { estimateArrivals });
const positions: { lat: number; lng: number }[] = [];
const heapBefore = process.memoryUsage().heapUsed;
for (let id = 1; id <= couriers; id++) {
  const home = { lat: CENTER.lat + jitter(5000), lng: CENTER.lng + jitter(5000) };
  positions.push(home);
  engine.upsertCourier({
    id,
    vehicle: 'car',
    hubId: 1 + (id % 20),
    shift: { startMs: T0, endMs: T0 + 8 * 3_600_000 },
  });
  const stops: DetectStop[] = Array.from({ length: 8 }, (_, i) => ({
    id: id * 10 + i,
    status: 'assigned',
    lat: home.lat + jitter(2000),
    lng: home.lng + jitter(2000),
    windowEnd: T0 + (1 + i) * 1_800_000 + rng.int(0, 600_000),
    serviceSeconds: 120,
    arrivedAt: null,
    slaTier: 'same_day',
  }));
  engine.setRoute(id, stops);
  const fixes = Array.from({ length: 40 }, (_, s) => ({
    t: T0 - (40 - s) * 1000,
    lat: home.lat + jitter(5),
    lng: home.lng + jitter(5),
    accuracyMeters: 8,
  }));
  engine.onFixes(id, fixes, T0);
}
let started = performance.now();
engine.tick(T0);
const fullTickMs = performance.now() - started;
const heapPerCourier = (process.memoryUsage().heapUsed - heapBefore) / couriers;

const tickMs: number[] = [];
/** CPU time is reported too: on a shared machine, wall time also counts waiting for a core. */
const tickCpuMs: number[] = [];
const evaluated: number[] = [];
const estimatorCalls: number[] = [];
const perTick = Math.round(couriers * dirtyShare);
for (let k = 1; k <= ticks; k++) {
  const now = T0 + k * 1000;
  for (let n = 0; n < perTick; n++) {
    const id = rng.int(1, couriers);
    const home = positions[id - 1]!;
    engine.onFixes(
      id,
      [{ t: now - 500, lat: home.lat + jitter(5), lng: home.lng + jitter(5), accuracyMeters: 8 }],
      now,
    );
  }
  started = performance.now();
  const cpu = process.cpuUsage();
  engine.tick(now);
  const used = process.cpuUsage(cpu);
  tickMs.push(performance.now() - started);
  tickCpuMs.push((used.user + used.system) / 1000);
  evaluated.push(engine.lastTickStats.couriersEvaluated);
  estimatorCalls.push(engine.lastTickStats.estimatorCalls);
}
started = performance.now();
engine.tick(T0 + ticks * 1000 + 1);
const idleTickMs = performance.now() - started;
const idleEvaluated = engine.lastTickStats.couriersEvaluated;

const sorted = [...tickMs].sort((a, b) => a - b);
const sortedCpu = [...tickCpuMs].sort((a, b) => a - b);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  markdownTable(
    ['measure', 'value'],
    [
      ['couriers', cell(couriers)],
      ['first tick, every courier evaluated (ms)', cell(fullTickMs, 1)],
      [
        `tick with ${Math.round(dirtyShare * 100)}% sending a fix, p50 (ms)`,
        cell(percentile(sorted, 0.5), 2),
      ],
      ['same, p95 (ms)', cell(percentile(sorted, 0.95), 2)],
      ['same, CPU time p50 (ms)', cell(percentile(sortedCpu, 0.5), 2)],
      ['couriers evaluated per tick (mean)', cell(mean(evaluated))],
      ['ETA estimates per tick (mean)', cell(mean(estimatorCalls))],
      ['tick with nothing new (ms)', cell(idleTickMs, 3)],
      ['couriers evaluated then', cell(idleEvaluated)],
      ['heap per courier after the first tick (bytes)', cell(heapPerCourier)],
    ],
  ),
);

/**
 * `pnpm bench:cluster`: the fleet bench's whole-system load (bench:fleet: couriers driving the
 * streets over Socket.IO, consoles timing what reaches them, incidents and late orders) on one
 * node alone (no Redis: the baseline, measured in the same run), then on 1, 2 and 3 nodes of
 * one cluster on PostgreSQL and Redis, at each fleet size, couriers and consoles dealt over the nodes in turn and
 * the couriers over `--hubs` hubs so that hub ownership spreads. Prints markdown tables: pings
 * stored per second, ack and ping → console latencies, and the CPU each part spent per 1,000
 * pings, from which the README's sizing follows. On a 2-core machine the nodes, PostgreSQL,
 * Redis and the load share the cores: read per-core efficiency, not speed-up.
 * Flags: --couriers 1000,2000 --ping-every-s 2 --nodes 1,2,3 --hubs 3 --warmup-s --duration-s
 * --consoles --network grid,osm --osm FILE --seed --pg-url --redis-url --repeats.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { printClusterReport, type ClusterRun } from './cluster-report';
import { runFleet, runningDatabase, type FleetShape } from './fleet-run';
import { loadStreets, type NetworkKind } from './fleet-streets';
import { parseFlags } from './messages';
import { progress } from './run-phase';
import { runChildrenBench } from './run-main';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_OSM = resolve(REPO_ROOT, '../shared/data/osm/campo-grande.osm.gz');

const opts = parseFlags(process.argv.slice(2), {
  couriers: '1000,2000',
  pingEveryS: 2,
  nodes: '1,2,3',
  hubs: 3,
  warmupS: 20,
  durationS: 40,
  consoles: 12,
  network: 'grid',
  osm: existsSync(DEFAULT_OSM) ? DEFAULT_OSM : '',
  repeats: 1,
  seed: 1,
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
});

const sizes = opts.couriers.split(',').map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 10)
    throw new Error(`--couriers takes whole numbers ≥ 10, not ${s}`);
  return n;
});
const nodeCounts = opts.nodes.split(',').map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`--nodes takes 1–8, not ${s}`);
  return n;
});
if (opts.network !== 'grid' && opts.network !== 'osm')
  throw new Error('--network takes grid or osm');
if (opts.network === 'osm' && !existsSync(opts.osm))
  throw new Error(`--network osm needs an OSM extract: --osm FILE (${opts.osm || 'none'})`);

const shape: FleetShape = {
  warmupS: opts.warmupS,
  durationS: opts.durationS,
  consoles: opts.consoles,
  pingEveryS: opts.pingEveryS,
  stopsPerCourier: 4,
  offlineAfterS: 30,
  stallAfterS: 60,
  offlinePerMin: 20,
  stallsPerMin: 20,
  latePerMin: 20,
  consoleTickMs: 500,
  seed: opts.seed,
  pgUrl: opts.pgUrl,
  redisUrl: opts.redisUrl,
  osmPath: opts.osm ? resolve(opts.osm) : '',
  profileDir: '',
};

/** Each configuration once per repeat, interleaved, so that drift in the machine hits all alike. */
async function main(): Promise<void> {
  const network = opts.network as NetworkKind;
  const streets = await loadStreets(network, shape.osmPath);
  const configs = [
    { nodes: 1, clustered: false },
    ...nodeCounts.map((nodes) => ({ nodes, clustered: true })),
  ];
  const runs: ClusterRun[] = [];
  for (let repeat = 1; repeat <= opts.repeats; repeat++) {
    for (const couriers of sizes) {
      for (const config of configs) {
        progress(
          `repeat ${repeat}/${opts.repeats}, ${couriers} couriers: ${config.nodes} node(s) ` +
            (config.clustered ? 'in a cluster' : 'alone'),
        );
        const result = await runFleet(
          { network, streets, couriers, suggestions: true, ...config, hubs: opts.hubs },
          shape,
        );
        runs.push({ ...config, repeat, result });
      }
    }
  }
  printClusterReport(runs, shape, { hubs: opts.hubs });
}

const runCount = opts.repeats * sizes.length * (nodeCounts.length + 1);
runChildrenBench(main, runningDatabase, {
  deadlineMs: runCount * (opts.warmupS + opts.durationS + 180) * 1000,
});

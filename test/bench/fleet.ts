/**
 * `pnpm bench:fleet`: the whole system under load, as users feel it. Per run, the real server in
 * its own process on a fresh PostgreSQL database seeded with N couriers and their stops, a load
 * process driving every courier along the streets over Socket.IO (a fix every 5 s, stop visits,
 * couriers falling silent or standing still, windows closing), and 20 consoles timing what
 * reaches them; once with the suggestion triggers on and once off. Prints markdown tables.
 * Flags: --sizes 1000,10000 --network grid,osm --osm FILE --suggestions on,off --warmup-s
 * --duration-s --consoles --ping-every-s --stops-per-courier --offline-after-s --stall-after-s
 * --offline-per-min --stalls-per-min --late-per-min --console-tick-ms --seed --pg-url
 * --profile-dir (CPU profiles of the server: setup, then the measured window, summarised).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StreetNetwork } from '../../server/src/streets/network';
import { printFleetReport } from './fleet-report';
import { runFleet, runningDatabase, type FleetRunResult, type FleetShape } from './fleet-run';
import { loadStreets, type NetworkKind } from './fleet-streets';
import { parseFlags } from './messages';
import { summarizeCpuProfiles } from './profile-summary';
import { progress } from './run-phase';
import { runChildrenBench } from './run-main';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_OSM = resolve(REPO_ROOT, '../shared/data/osm/campo-grande.osm.gz');
const osmPresent = existsSync(DEFAULT_OSM);

const opts = parseFlags(process.argv.slice(2), {
  sizes: '1000,10000',
  network: osmPresent ? 'grid,osm' : 'grid',
  osm: osmPresent ? DEFAULT_OSM : '',
  suggestions: 'on,off',
  warmupS: 30,
  durationS: 60,
  consoles: 20,
  pingEveryS: 5,
  stopsPerCourier: 4,
  offlineAfterS: 30,
  stallAfterS: 60,
  offlinePerMin: 20,
  stallsPerMin: 20,
  latePerMin: 20,
  consoleTickMs: 500,
  seed: 1,
  profileDir: '',
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});

function listFlag<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`--${name} takes ${allowed.join(', ')}`);
  }
  return items as T[];
}

const sizes = opts.sizes.split(',').map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 10) throw new Error(`--sizes takes whole numbers ≥ 10, not ${s}`);
  return n;
});
const networks = listFlag<NetworkKind>('network', opts.network, ['grid', 'osm']);
const suggestionModes = listFlag('suggestions', opts.suggestions, ['on', 'off']).map(
  (s) => s === 'on',
);
if (networks.includes('osm') && !(opts.osm && existsSync(opts.osm))) {
  throw new Error(
    `--network osm needs an OSM extract: --osm FILE (${opts.osm || 'none'} not found)`,
  );
}
const shape: FleetShape = {
  ...opts,
  osmPath: opts.osm ? resolve(opts.osm) : '',
  profileDir: opts.profileDir ? resolve(opts.profileDir) : '',
};
const runs = networks.length * sizes.length * suggestionModes.length;
/** Per run: setup (seeding, connecting ~4 s per 1,000 couriers), window, drain and teardown. */
const deadlineMs =
  runs * (opts.warmupS + opts.durationS + 150) * 1000 +
  networks.length * suggestionModes.length * sizes.reduce((sum, n) => sum + n * 12, 0);

async function main(): Promise<void> {
  const results: FleetRunResult[] = [];
  for (const network of networks) {
    const streets: StreetNetwork = await loadStreets(network, shape.osmPath);
    for (const couriers of sizes) {
      for (const suggestions of suggestionModes) {
        results.push(await runFleet({ network, streets, couriers, suggestions }, shape));
      }
    }
  }
  printFleetReport(results, shape);
  if (shape.profileDir)
    for (const line of summarizeCpuProfiles(shape.profileDir, 25)) console.log(line);
}

progress(`${runs} runs; giving up after ${Math.round(deadlineMs / 60_000)} min`);
runChildrenBench(main, runningDatabase, { deadlineMs });

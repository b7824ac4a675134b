/**
 * `pnpm bench:detect` (`tsx test/bench/detect.ts`): what detection costs and how well it does.
 * Prints three markdown tables, each beside a baseline measured in the same run: the detection
 * engine's tick against a full scan, alert latency through the real server, and ETA error
 * against the constant-speed provider. Flags are described in test/bench/README.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureDetectorCost, type DetectorCostResult } from './detect-engine';
import { measureEtaAccuracy } from './detect-eta';
import { measureAlertLatency, type AlertLatencyResult } from './detect-latency';
import { alertLatencyTable, detectorCostTable, etaAccuracyTable } from './detect-report';
import { gpxStallSection } from './detect-gpx-report';
import { DEFAULT_ACCURACY_OPTIONS, detectionAccuracySection } from './detect-accuracy-report';
import { cell, percentile } from './table';
import { runBench } from './run-main';

const { values: flags } = parseArgs({
  options: {
    tables: { type: 'string', default: 'cost,latency,eta,gpx,accuracy' },
    sizes: { type: 'string', default: '1000,10000,50000' },
    'latency-sizes': { type: 'string' },
    'suggestion-sizes': { type: 'string', default: '1000' },
    'fix-every-s': { type: 'string', default: '1,5' },
    ticks: { type: 'string', default: '30' },
    stops: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    silenced: { type: 'string', default: '50' },
    'tick-ms': { type: 'string', default: '1000' },
    'offline-after-s': { type: 'string', default: '5' },
    'ping-every-s': { type: 'string', default: '2' },
    'warmup-s': { type: 'string', default: '15' },
    'spread-s': { type: 'string', default: '20' },
    'eta-seed': { type: 'string', default: '1' },
    'eta-couriers': { type: 'string', default: '50' },
    'eta-hours': { type: 'string', default: '4' },
  },
});

/** A positive number flag, or a clear error naming it. */
function positive(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${name} must be a positive number`);
  return n;
}
const list = (name: string, value: string): number[] =>
  value.split(',').map((v) => positive(name, v.trim()));

const TABLES = new Set(flags.tables.split(',').map((t) => t.trim()));
for (const table of TABLES) {
  if (!['cost', 'latency', 'eta', 'gpx', 'accuracy'].includes(table)) {
    throw new Error('--tables takes cost, latency, eta, gpx, accuracy (comma-separated)');
  }
}
const SIZES = list('sizes', flags.sizes);
const LATENCY_SIZES = list('latency-sizes', flags['latency-sizes'] ?? flags.sizes);
const SUGGESTION_SIZES = flags['suggestion-sizes']
  ? list('suggestion-sizes', flags['suggestion-sizes'])
  : [];
const FIX_EVERY_S = list('fix-every-s', flags['fix-every-s']).map(Math.round);
const TICKS = positive('ticks', flags.ticks);
const STOPS = positive('stops', flags.stops);
const SEED = positive('seed', flags.seed);
const SILENCED = positive('silenced', flags.silenced);
const TICK_MS = positive('tick-ms', flags['tick-ms']);
const OFFLINE_AFTER_S = positive('offline-after-s', flags['offline-after-s']);
const PING_EVERY_S = positive('ping-every-s', flags['ping-every-s']);
const WARMUP_S = positive('warmup-s', flags['warmup-s']);
const SPREAD_S = positive('spread-s', flags['spread-s']);
const ETA = {
  seed: positive('eta-seed', flags['eta-seed']),
  couriers: positive('eta-couriers', flags['eta-couriers']),
  hours: positive('eta-hours', flags['eta-hours']),
};
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const OSM_PATH = resolve(REPO_ROOT, '..', 'shared', 'data', 'osm', 'campo-grande.osm.gz');
const GPX_DIR = resolve(REPO_ROOT, '..', 'shared', 'data', 'gpx');
/** The whole run gives up after this long, so nothing can keep it going. */
const RUN_DEADLINE_MS = 20 * 60_000;
const AIM_TICK_MS = 50;
const AIM_COURIERS = 10_000;

const log = (message: string) => process.stderr.write(`[bench:detect] ${message}\n`);
const bullets = (lines: string[]) => lines.map((l) => `- ${l}`).join('\n');

function costSection(results: DetectorCostResult[]): string {
  const atAim = results.filter((r) => r.options.couriers === AIM_COURIERS);
  const aim = atAim.map((r) => {
    const wall = [...r.engine.wallMs].sort((a, b) => a - b);
    return (
      `fix every ${r.options.fixEveryS} s: p50 ${cell(percentile(wall, 0.5), 1)} ms, ` +
      `p95 ${cell(percentile(wall, 0.95), 1)} ms, max ${cell(wall.at(-1), 1)} ms`
    );
  });
  return `## 1. Detector cost per tick\n\n${detectorCostTable(results)}\n\n${bullets([
    `each courier has ${STOPS} open stops (windows ending 45 min apart from an hour on, some ` +
      'at risk) and ' +
      'sends one fix every N s (the share column); one tick is one simulated second; ' +
      `${TICKS} measured ticks after the first, which evaluates and estimates the whole fleet`,
    'arrival estimates: the learned-speed provider through `routeEtas`, as the ETA service calls ' +
      'it, refreshed by the engine on route changes, deadlines and with the first fix 30 s ' +
      'after the last refresh (the first refresh staggered per courier, so only the first ' +
      'tick estimates the whole fleet at once)',
    'fix intake: `onFixes` plus the learned speeds observing each fix, as the commit callback ' +
      'does, outside the tick',
    'baseline: a full scan, the same engine fed the same fixes with every courier marked ' +
      'changed before each tick (courier and stop rules for the whole fleet; estimates ' +
      'refreshed as soon as they are 30 s old rather than with the next fix); the two ' +
      'alternate tick by tick; the ratio is given on the whole tick and on the tick less the ' +
      'time inside the estimator (what the scheduling saves on the rules); the last column ' +
      'counts the signals each gave and the conditions each holds open at the end',
    `aim: a tick at ${cell(AIM_COURIERS)} couriers well under ${AIM_TICK_MS} ms` +
      (aim.length > 0 ? `; measured ${aim.join('; ')}` : ''),
  ])}`;
}

function latencySection(results: AlertLatencyResult[]): string {
  const setup = results.map(
    (r) =>
      `${cell(r.options.couriers)} couriers${r.options.suggestions ? ' (triggers on)' : ''}: ` +
      `seeding ${cell(r.seedMs / 1000, 1)} s, restart ` +
      `${cell(r.restartMs / 1000, 1)} s, pinger behind schedule by at most ` +
      `${cell(r.pingerWorstLateMs)} ms`,
  );
  const skippedSizes = SIZES.filter((s) => !LATENCY_SIZES.includes(s));
  return `## 2. Alert latency\n\n${alertLatencyTable(results)}\n\n${bullets([
    `the real server in-process (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}), ` +
      `DETECT_TICK_MS=${TICK_MS}, OFFLINE_AFTER_S=${OFFLINE_AFTER_S}; couriers with ${STOPS} open ` +
      'stops each stored by bulk insert, then the server restarted so that detection loads them',
    `every courier pings every ${PING_EVERY_S} s, fed to the live fleet and to detection ` +
      'through the ping writer’s commit callback path (`app.pingsCommitted`), without ' +
      'storing the pings: ingest is `bench:ingest`’s subject',
    `after ${WARMUP_S} s, ${SILENCED} couriers stop pinging one after the other over ` +
      `${SPREAD_S} s; each crosses the threshold ${OFFLINE_AFTER_S} s after its last ping was ` +
      'received (server clock); latency runs from that instant to the `alert:changed` event on ' +
      'a supervisor’s console socket; "stored" is the alert’s `openedAt`',
    'detection pass: one `DetectionService.tick` (engine tick, alert writes, ETA writes); a pass ' +
      'is skipped when the previous one is still writing',
    `aim: p99 within one tick + 100 ms = ${cell(TICK_MS + 100)} ms`,
    ...setup,
    ...(skippedSizes.length > 0
      ? [`not run through the server: ${skippedSizes.map((s) => cell(s)).join(', ')} couriers`]
      : []),
    `suggestion triggers: off in the rows marked so (stopped after the restart), to time ` +
      'detection alone; on in the others (`--suggestion-sizes`), as the server runs, where ' +
      'each offline alert also asks the suggestion engine for moves on the same thread, ' +
      'between detection passes',
  ])}`;
}

async function main(): Promise<void> {
  if (TABLES.has('cost')) {
    const results: DetectorCostResult[] = [];
    for (const couriers of SIZES) {
      for (const fixEveryS of FIX_EVERY_S) {
        log(`detector cost: ${couriers} couriers, a fix every ${fixEveryS} s`);
        results.push(
          measureDetectorCost({
            couriers,
            fixEveryS,
            ticks: TICKS,
            stopsPerCourier: STOPS,
            seed: SEED,
          }),
        );
      }
    }
    process.stdout.write(`${costSection(results)}\n\n`);
  }
  if (TABLES.has('latency')) {
    const results: AlertLatencyResult[] = [];
    const runs = [
      ...LATENCY_SIZES.map((couriers) => ({ couriers, suggestions: false })),
      ...SUGGESTION_SIZES.map((couriers) => ({ couriers, suggestions: true })),
    ];
    for (const { couriers, suggestions } of runs) {
      log(`alert latency: ${couriers} couriers, suggestion triggers ${suggestions ? 'on' : 'off'}`);
      results.push(
        await measureAlertLatency({
          couriers,
          stopsPerCourier: STOPS,
          silenced: Math.min(SILENCED, couriers),
          tickMs: TICK_MS,
          offlineAfterS: OFFLINE_AFTER_S,
          pingEveryS: PING_EVERY_S,
          warmupS: WARMUP_S,
          spreadS: SPREAD_S,
          suggestions,
          seed: SEED,
          log,
        }),
      );
    }
    process.stdout.write(`${latencySection(results)}\n\n`);
  }
  if (TABLES.has('eta')) {
    log(`ETA accuracy: ${ETA.couriers} couriers, ${ETA.hours} h, seed ${ETA.seed}`);
    const runs = await measureEtaAccuracy({ ...ETA, osmPath: OSM_PATH });
    process.stdout.write(
      `## 3. ETA error\n\n${etaAccuracyTable(runs)}\n\n${bullets([
        `\`evaluateEtaAccuracy\`: seed ${ETA.seed}, ${ETA.couriers} simulated couriers, ` +
          `${ETA.hours} h in virtual time (the first hour learns only), in the simulated world ` +
          '(street speeds by road class, rushes, lights, corridor incidents, detours, parking); ' +
          'each arrival scored against the ETA made 15 min before it',
        'error = predicted − actual arrival; bias > 0 means predictions too late; baseline: ' +
          'the constant-speed provider (straight line × 1.35 at the vehicle prior)',
        ...runs.map((r) => `${r.network}: ${cell(r.elapsedMs / 1000, 1)} s`),
      ])}\n`,
    );
  }
  if (TABLES.has('gpx')) process.stdout.write(`\n${gpxStallSection(GPX_DIR, log)}`);
  if (TABLES.has('accuracy')) {
    process.stdout.write(`\n${detectionAccuracySection(DEFAULT_ACCURACY_OPTIONS, log)}`);
  }
}

runBench(main, RUN_DEADLINE_MS, log);

/**
 * `pnpm bench:ingest`: sustained ping ingest of the real server (PostgreSQL and PGlite) against a
 * bare `ws` sink, each target and each load generator in its own process. Prints a markdown table.
 * Flags: --couriers --batch --in-flight --warmup-s --duration-s --targets --pg-url --profile-dir
 */
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDirectory, createPostgresDatabase, type BenchDatabase } from './bench-db';
import { BenchChild, killAllChildren } from './children';
import { BENCH_ADMIN, createCouriers } from './couriers-api';
import type { LoadReport, LoadResult, LoadStart, TargetReport, TargetRequest } from './messages';
import { parseFlags } from './messages';
import { summarizeCpuProfiles } from './profile-summary';
import { readIngestMetrics } from './server-metrics';
import { cell, markdownTable } from './table';

const opts = parseFlags(process.argv.slice(2), {
  couriers: 200,
  batch: 20,
  inFlight: 4,
  warmupS: 3,
  durationS: 10,
  targets: 'sink,postgres,pglite',
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  /** When set, the server runs with --cpu-prof and its profiles land here. */
  profileDir: '',
});

type Target = BenchChild<TargetReport, TargetRequest>;

/** One load phase against one target, with the target's resource use over the measured window. */
interface Phase {
  load: LoadResult;
  cpuPercent: number;
  rssMiB: number;
  dbCpuPercent?: number;
}

interface Row {
  name: string;
  max: Phase;
  half: Phase;
  durability?: string;
}

interface Sample {
  atMs: number;
  cpuMicros: number;
  rssBytes: number;
  dbCpuMicros?: number;
}

let activeDatabase: BenchDatabase | null = null;
const startedAt = performance.now();

/** Progress on stderr, so stdout stays the report. */
function progress(message: string): void {
  console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);
}

async function sample(target: Target, db?: BenchDatabase): Promise<Sample> {
  const stats = await target.ask({ type: 'stats' }, 'stats');
  const dbCpuMicros = await db?.backendCpuMicros?.();
  return {
    atMs: performance.now(),
    cpuMicros: stats.cpuMicros,
    rssBytes: stats.rssBytes,
    dbCpuMicros,
  };
}

/** Runs one load process to completion: closed loop when `rate` is 0, else paced at `rate` pings/s. */
async function runLoad(
  target: Target,
  url: string,
  transport: 'socketio' | 'ws',
  tokens: string[],
  pacing: { rate: number; seqBase: number },
  db?: BenchDatabase,
): Promise<Phase> {
  const args = Object.entries({
    url,
    transport,
    batch: opts.batch,
    'in-flight': opts.inFlight,
    'warmup-s': opts.warmupS,
    'duration-s': opts.durationS,
    rate: Math.round(pacing.rate),
    'seq-base': pacing.seqBase,
  }).flatMap(([k, v]) => [`--${k}`, String(v)]);
  progress(`${transport} load, ${pacing.rate > 0 ? `paced at ${Math.round(pacing.rate)} pings/s` : 'max rate'}`);
  const load = BenchChild.start<LoadReport, LoadStart>('./load-process.ts', { args });
  try {
    load.send({ type: 'start', tokens });
    await load.waitFor('connected', 60_000);
    await load.waitFor('measure-start', opts.warmupS * 1000 + 10_000);
    const before = await sample(target, db);
    await load.waitFor('measure-end', opts.durationS * 1000 + 10_000);
    const after = await sample(target, db);
    progress('measured window over; draining acks');
    const { result } = await load.waitFor('result', 30_000);
    await load.exit(5_000);
    const elapsedMicros = (after.atMs - before.atMs) * 1000;
    const dbCpu =
      after.dbCpuMicros !== undefined && before.dbCpuMicros !== undefined
        ? ((after.dbCpuMicros - before.dbCpuMicros) / elapsedMicros) * 100
        : undefined;
    return {
      load: result,
      cpuPercent: ((after.cpuMicros - before.cpuMicros) / elapsedMicros) * 100,
      rssMiB: after.rssBytes / 2 ** 20,
      dbCpuPercent: dbCpu,
    };
  } finally {
    await load.stop(2_000);
  }
}

/** Max-rate phase, then an open-loop phase at half the rate measured. */
async function maxThenHalf(
  target: Target,
  url: string,
  transport: 'socketio' | 'ws',
  tokens: string[],
  db?: BenchDatabase,
) {
  const max = await runLoad(target, url, transport, tokens, { rate: 0, seqBase: 1 }, db);
  const half = await runLoad(
    target,
    url,
    transport,
    tokens,
    { rate: max.load.pingsPerSecond / 2, seqBase: 1e9 },
    db,
  );
  return { max, half };
}

async function benchSink(): Promise<Row> {
  progress('starting the bare ws sink');
  const sink = BenchChild.start<TargetReport, TargetRequest>('./bare-sink.ts');
  try {
    const { port } = await sink.waitFor('listening', 30_000);
    const tokens = Array.from({ length: opts.couriers }, (_, i) => `sink-device-${i}`);
    return {
      name: 'bare ws sink',
      ...(await maxThenHalf(sink, `http://127.0.0.1:${port}`, 'ws', tokens)),
    };
  } finally {
    await sink.stop();
  }
}

async function benchServer(db: BenchDatabase): Promise<Row> {
  activeDatabase = db;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    WEB_DIR: join(tmpdir(), 'bench-ingest-no-web'),
    ...db.env,
  };
  const nodeArgs = opts.profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${opts.profileDir}`,
        `--cpu-prof-name=server-${db.label}-${Date.now()}.cpuprofile`,
      ]
    : [];
  const server = BenchChild.start<TargetReport, TargetRequest>('./server-process.ts', {
    env,
    nodeArgs,
  });
  try {
    const { port } = await server.waitFor('listening', 60_000);
    const url = `http://127.0.0.1:${port}`;
    progress(`creating ${opts.couriers} couriers`);
    const tokens = await createCouriers(url, opts.couriers);
    const { max, half } = await maxThenHalf(server, url, 'socketio', tokens, db);
    const acked = max.load.totalStored + half.load.totalStored;
    const { rows } = await server.ask({ type: 'count-pings' }, 'count', 30_000);
    const metrics = await readIngestMetrics(url);
    progress('stopping the server');
    const exitCode = await server.stop();
    const outside = db.countPings ? await db.countPings() : undefined;
    const verdict =
      rows === acked && (outside === undefined || outside === acked) ? 'OK' : 'MISMATCH';
    const durability =
      `${db.label}: acked as stored ${cell(acked)}; rows in pings ${cell(rows)} (server, before shutdown)` +
      (outside === undefined ? '' : `, ${cell(outside)} (postgres.js, after shutdown)`) +
      `, ${cell(metrics.pingsStored)} (/metrics dispatch_pings_stored_total); server exit code ${exitCode}` +
      ` → ${agree ? 'OK' : 'MISMATCH'}. ${cell(metrics.commits)} group commits, ` +
      `${cell(metrics.commitRowsAvg)} rows and ${cell(metrics.commitMsAvg, 1)} ms each on average`;
    return { name: `server + ${db.label}`, max, half, durability };
  } finally {
    await server.stop();
    await db.drop();
    activeDatabase = null;
  }
}

function printReport(rows: Row[]): void {
  const sink = rows.find((r) => r.name === 'bare ws sink');
  const header = [
    'target',
    'pings/s',
    'ratio to bare sink',
    'ack p50 ms',
    'ack p99 ms',
    'overloaded / error acks',
    'half rate pings/s',
    'ack p50 at half rate',
    'ack p99 at half rate',
    'server CPU %',
    'server RSS MiB',
    'PG backends CPU %',
    'load gen CPU %',
  ];
  const body = rows.map(({ name, max, half }) => [
    name,
    cell(max.load.pingsPerSecond),
    sink ? `${cell((max.load.pingsPerSecond / sink.max.load.pingsPerSecond) * 100)} %` : '—',
    cell(max.load.ackP50Ms, 1),
    cell(max.load.ackP99Ms, 1),
    `${max.load.overloadedAcks + half.load.overloadedAcks} / ${max.load.errorAcks + half.load.errorAcks}`,
    cell(half.load.pingsPerSecond),
    cell(half.load.ackP50Ms, 1),
    cell(half.load.ackP99Ms, 1),
    cell(max.cpuPercent),
    cell(max.rssMiB),
    cell(max.dbCpuPercent),
    cell(max.load.loadCpuPercent),
  ]);
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\n## Ingest bench\n`);
  console.log(
    `couriers ${opts.couriers}, batch ${opts.batch} pings, in-flight ${opts.inFlight} batches/courier (max-rate phase), ` +
      `warm-up ${opts.warmupS} s + measured ${opts.durationS} s per phase, node ${process.version}, ` +
      `${cpus().length} cores (${cpuModel})\n`,
  );
  console.log(markdownTable(header, body));
  console.log(
    '\nCPU % is of one core over the measured max-rate window; RSS at its end. Half rate is an open-loop ' +
      'load at 50 % of the max-rate pings/s, latency counted from the scheduled send time.',
  );
  console.log('\nDurability (rows in `pings` vs. the sum of `stored` in ok acks):');
  for (const r of rows) if (r.durability) console.log(`- ${r.durability}`);
}

async function main(): Promise<void> {
  const targets = new Set(opts.targets.split(','));
  const rows: Row[] = [];
  if (targets.has('sink')) rows.push(await benchSink());
  if (targets.has('postgres'))
    rows.push(await benchServer(await createPostgresDatabase(opts.pgUrl)));
  if (targets.has('pglite')) rows.push(await benchServer(createPgliteDirectory()));
  printReport(rows);
  if (opts.profileDir)
    for (const line of summarizeCpuProfiles(opts.profileDir, 25)) console.log(line);
}

async function abort(reason: string, code: number): Promise<never> {
  console.error(reason);
  killAllChildren();
  await activeDatabase?.drop().catch(() => undefined);
  process.exit(code);
}

const watchdog = setTimeout(
  () => void abort('bench took longer than 10 minutes; aborting', 1),
  600_000,
);
watchdog.unref();
process.on('SIGINT', () => void abort('interrupted', 130));
process.on('SIGTERM', () => void abort('terminated', 143));
main().then(
  () => process.exit(0),
  (err: unknown) =>
    abort(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1),
);

/**
 * `pnpm bench:ingest`: sustained ping ingest of the real server (on PostgreSQL and on PGlite)
 * against a bare `ws` sink; every target and every load generator runs in its own process.
 * Prints a markdown table. Flags: --couriers --batch --in-flight --warmup-s --duration-s
 * --targets sink,postgres,pglite --pg-url --profile-dir (CPU-profile the server's max-rate window).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDirectory, createPostgresDatabase, type BenchDatabase } from './bench-db';
import { BenchChild } from './children';
import { BENCH_ADMIN, createCouriers } from './couriers-api';
import { parseFlags, type TargetReport, type TargetRequest } from './messages';
import { summarizeCpuProfiles } from './profile-summary';
import { printReport, SINK_NAME, type Row } from './report';
import { runChildrenBench } from './run-main';
import { maxThenHalf, progress, type LoadShape } from './run-phase';
import { readIngestMetrics } from './server-metrics';
import { cell } from './table';

const opts = parseFlags(process.argv.slice(2), {
  couriers: 200,
  batch: 20,
  inFlight: 4,
  warmupS: 3,
  durationS: 10,
  targets: 'sink,postgres,pglite',
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  profileDir: '',
});
const shape: LoadShape = {
  batch: opts.batch,
  inFlight: opts.inFlight,
  warmupS: opts.warmupS,
  durationS: opts.durationS,
};

let activeDatabase: BenchDatabase | null = null;

async function benchSink(): Promise<Row> {
  progress('starting the bare ws sink');
  const target = BenchChild.start<TargetReport, TargetRequest>('./bare-sink.ts');
  try {
    const { port } = await target.waitFor('listening', 30_000);
    const tokens = Array.from({ length: opts.couriers }, (_, i) => `sink-device-${i}`);
    const url = `http://127.0.0.1:${port}`;
    return {
      name: SINK_NAME,
      ...(await maxThenHalf({ target, url, transport: 'ws', tokens, shape })),
    };
  } finally {
    await target.stop();
  }
}

/** Every acked ping must be stored; extra rows are legitimate only for batches never acked. */
function durabilityVerdict(acked: number, counts: number[], unresolvedBatches: number): string {
  if (counts.some((n) => n < acked)) return 'ACKED PINGS MISSING';
  if (counts.every((n) => n === acked)) return 'OK';
  return unresolvedBatches > 0 ? 'OK (extra rows from batches never acked)' : 'MISMATCH';
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
  progress(`starting the server on ${db.label}`);
  const target = BenchChild.start<TargetReport, TargetRequest>('./server-process.ts', { env });
  try {
    const { port } = await target.waitFor('listening', 60_000);
    const url = `http://127.0.0.1:${port}`;
    progress(`creating ${opts.couriers} couriers`);
    const tokens = await createCouriers(url, opts.couriers);
    const profilePath = opts.profileDir
      ? join(opts.profileDir, `server-${db.label}-max-rate.cpuprofile`)
      : undefined;
    const transport = 'socketio' as const;
    const plan = { target, url, transport, tokens, shape, db, metricsUrl: url, profilePath };
    const { max, half } = await maxThenHalf(plan);
    const acked = max.load.totalStored + half.load.totalStored;
    const { rows } = await target.ask({ type: 'count-pings' }, 'count', 30_000);
    const metrics = await readIngestMetrics(url);
    progress('stopping the server');
    const exitCode = await target.stop();
    const outside = db.countPings ? await db.countPings() : undefined;
    const unresolved = max.load.unresolvedBatches + half.load.unresolvedBatches;
    const verdict = durabilityVerdict(
      acked,
      [rows, metrics.pingsStored, outside ?? rows],
      unresolved,
    );
    const durability =
      `${db.label}: ${cell(acked)} pings acked as stored; rows in pings: ${cell(rows)} ` +
      `(server, before shutdown)` +
      (outside === undefined ? '' : `, ${cell(outside)} (postgres.js, after shutdown)`) +
      `; /metrics dispatch_pings_stored_total ${cell(metrics.pingsStored)}; ` +
      `batches never acked ${unresolved}; server exit code ${exitCode} → ${verdict}`;
    return { name: `server + ${db.label}`, max, half, durability };
  } finally {
    await target.stop();
    await db.drop();
    activeDatabase = null;
  }
}

async function main(): Promise<void> {
  const targets = new Set(opts.targets.split(','));
  const rows: Row[] = [];
  if (targets.has('sink')) rows.push(await benchSink());
  if (targets.has('postgres'))
    rows.push(await benchServer(await createPostgresDatabase(opts.pgUrl)));
  if (targets.has('pglite')) rows.push(await benchServer(createPgliteDirectory()));
  printReport(rows, shape, opts.couriers);
  if (opts.profileDir)
    for (const line of summarizeCpuProfiles(opts.profileDir, 25)) console.log(line);
}

runChildrenBench(main, () => activeDatabase);

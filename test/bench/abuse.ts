/**
 * `pnpm bench:abuse`: the real server while 1,000 couriers ping as phones do (one fix every
 * `--ping-every-s` seconds each, over Socket.IO), first quiet, then beside a process that only
 * keeps a core busy (the control for the abuse's own CPU on a shared machine), then under abuse
 * from one address (a login brute force, a random-id OsmAnd flood, oversized bodies: see
 * abuse-process.ts), then quiet again. Prints the couriers' acks per phase and the abuse's answers. Every process runs
 * on its own: server, couriers' load and abuse. Flags: --couriers --ping-every-s --warmup-s
 * --duration-s --db postgres|pglite --pg-url.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AbuseReport, AbuseRequest, AbuseResult } from './abuse-messages';
import { createPgliteDirectory, createPostgresDatabase, type BenchDatabase } from './bench-db';
import { BenchChild } from './children';
import { BENCH_ADMIN, createCouriers } from './couriers-api';
import { parseFlags, type TargetReport, type TargetRequest } from './messages';
import { runChildrenBench } from './run-main';
import { progress, runLoad, type LoadPlan, type Phase } from './run-phase';
import { readSystemMetrics, type SystemMetrics } from './server-metrics';
import { cell, markdownTable } from './table';

const opts = parseFlags(process.argv.slice(2), {
  couriers: 1000,
  pingEveryS: 5,
  warmupS: 5,
  durationS: 30,
  db: 'postgres',
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
if (opts.db !== 'postgres' && opts.db !== 'pglite')
  throw new Error(`--db must be postgres or pglite, not ${opts.db}`);

interface PhaseRow {
  name: string;
  phase: Phase;
  system: SystemMetrics;
  abuse?: AbuseResult;
  /** CPU of the process beside the couriers (abuse or busy loop), % of one core. */
  cpu?: number;
}

let activeDatabase: BenchDatabase | null = null;

/** One phase of the couriers' load, with the abuse running beside it when asked. */
async function phase(
  name: string,
  plan: LoadPlan,
  seqBase: number,
  beside: { osmandUrl: string } | 'burn' | null,
): Promise<PhaseRow> {
  await readSystemMetrics(plan.url); // restarts the event-loop histogram
  const args =
    beside === 'burn'
      ? ['--burn-only', '1']
      : ['--url', plan.url, '--osmand-url', beside?.osmandUrl ?? '', '--email', BENCH_ADMIN.email];
  const abuse = beside
    ? BenchChild.start<AbuseReport, AbuseRequest>('./abuse-process.ts', { args })
    : null;
  try {
    if (abuse) await abuse.waitFor('started', 30_000);
    progress(`${name}: ${opts.couriers} couriers pinging`);
    const load = await runLoad(plan, opts.couriers / opts.pingEveryS, seqBase);
    const system = await readSystemMetrics(plan.url);
    if (!abuse) return { name, phase: load, system };
    abuse.send({ type: 'stop' });
    const { result } = await abuse.waitFor('result', 30_000);
    return {
      name,
      phase: load,
      system,
      abuse: beside === 'burn' ? undefined : result,
      cpu: result.cpuPercent,
    };
  } finally {
    await abuse?.stop(2_000);
  }
}

function courierTable(rows: PhaseRow[]): string {
  const quiet = rows.filter((r) => r.cpu === undefined).map((r) => r.phase.load.ackP99Ms);
  const baseline = quiet.reduce((a, b) => a + b, 0) / quiet.length;
  return markdownTable(
    [
      'phase',
      'pings/s acked',
      'ack p50 ms',
      'ack p99 ms',
      'p99 vs quiet',
      'refused acks',
      'never acked',
      'loop p99 ms',
      'loop max ms',
      'server CPU %',
      'beside CPU %',
    ],
    rows.map(({ name, phase: p, system, cpu }) => [
      name,
      cell(p.load.pingsPerSecond),
      cell(p.load.ackP50Ms, 1),
      cell(p.load.ackP99Ms, 1),
      `${cell(p.load.ackP99Ms / baseline, 2)}×`,
      cell(p.load.overloadedAcks + p.load.errorAcks),
      cell(p.load.unresolvedBatches),
      cell(system.eventLoopP99Ms, 1),
      cell(system.eventLoopMaxMs, 1),
      cell(p.cpuPercent),
      cell(cpu),
    ]),
  );
}

function abuseTable(result: AbuseResult): string {
  return markdownTable(
    ['abuse (one address)', 'requests', 'per second', 'answers', 'p50 ms'],
    result.kinds.map((k) => [
      k.name,
      cell(k.requests),
      cell(k.requests / result.seconds),
      Object.entries(k.statuses)
        .sort(([, a], [, b]) => b - a)
        .map(([status, n]) => `${status} × ${cell(n)}`)
        .join(', '),
      cell(k.p50Ms, 1),
    ]),
  );
}

/** Whether the admin can sign in right after the abuse, as the server answers it. */
async function adminSignIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  const retry = res.headers.get('retry-after');
  return `${res.status}${retry ? ` (Retry-After ${retry} s)` : ''}`;
}

async function main(): Promise<void> {
  const db =
    opts.db === 'postgres'
      ? await createPostgresDatabase(opts.pgUrl, 'bench_abuse')
      : createPgliteDirectory();
  activeDatabase = db;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    WEB_DIR: join(tmpdir(), 'bench-abuse-no-web'),
    ...db.env,
  };
  progress(`starting the server on ${db.label}`);
  const target = BenchChild.start<TargetReport, TargetRequest>('./server-process.ts', { env });
  try {
    const { port, osmandPort } = await target.waitFor('listening', 60_000);
    if (osmandPort === undefined) throw new Error('the server reported no OsmAnd port');
    const url = `http://127.0.0.1:${port}`;
    progress(`creating ${opts.couriers} couriers`);
    const tokens = await createCouriers(url, opts.couriers);
    const shape = { batch: 1, inFlight: 1, warmupS: opts.warmupS, durationS: opts.durationS };
    const plan: LoadPlan = {
      target,
      url,
      transport: 'socketio',
      tokens,
      shape,
      db,
      metricsUrl: url,
    };
    const rows = [
      await phase('quiet', plan, 1, null),
      await phase('one core busy beside', plan, 1e7, 'burn'),
      await phase('under abuse', plan, 2e7, { osmandUrl: `http://127.0.0.1:${osmandPort}` }),
      await phase('quiet again', plan, 3e7, null),
    ];
    const signIn = await adminSignIn(url);
    const stored = rows.reduce((n, r) => n + r.phase.load.totalStored, 0);
    const { rows: inTable } = await target.ask({ type: 'count-pings' }, 'count', 30_000);

    console.log(
      `\n## bench:abuse: ${opts.couriers} couriers, one fix every ${opts.pingEveryS} s each, ` +
        `${opts.durationS} s measured per phase (after ${opts.warmupS} s), server on ${db.label}\n`,
    );
    console.log(courierTable(rows));
    const abused = rows.find((r) => r.abuse)!.abuse!;
    console.log(`\n${abuseTable(abused)}\n`);
    console.log(
      `The abuse runs on the same machine as the server (its own CPU is the "beside" column); ` +
        `the busy-loop phase is that contention without requests to the server. ` +
        `Pings acked as stored over the run: ${cell(stored)}; rows in pings: ${cell(inTable)} ` +
        `(${inTable >= stored ? 'none lost' : 'ACKED PINGS MISSING'}). ` +
        `The admin signing in with the right password after the abuse: ${signIn}.`,
    );
  } finally {
    await target.stop();
    await db.drop();
    activeDatabase = null;
  }
}

runChildrenBench(main, () => activeDatabase);

import type { BenchDatabase } from './bench-db';
import { BenchChild } from './children';
import type { LoadReport, LoadResult, LoadStart, TargetReport, TargetRequest } from './messages';
import { readIngestMetrics, type IngestMetrics } from './server-metrics';

/** A server or bare sink process the load is aimed at. */
export type Target = BenchChild<TargetReport, TargetRequest>;

/** The load shape shared by every phase. */
export interface LoadShape {
  batch: number;
  inFlight: number;
  warmupS: number;
  durationS: number;
}

/** What the real server's writer did over a measured window (from its /metrics). */
export interface CommitStats {
  perSecond: number;
  rowsAvg: number;
  msAvg: number;
  /** Share of the window a commit was running; near 100 % the single writer is the limit. */
  busyPercent: number;
}

/** One load phase against one target, with the target's resource use over the measured window. */
export interface Phase {
  load: LoadResult;
  cpuPercent: number;
  rssMiB: number;
  dbCpuPercent?: number;
  commits?: CommitStats;
}

interface Sample {
  atMs: number;
  cpuMicros: number;
  rssBytes: number;
  dbCpuMicros?: number;
  metrics?: IngestMetrics;
}

const startedAt = performance.now();

/** Progress on stderr, so stdout stays the report. */
export function progress(message: string): void {
  console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);
}

async function sample(target: Target, db?: BenchDatabase, metricsUrl?: string): Promise<Sample> {
  const stats = await target.ask({ type: 'stats' }, 'stats');
  return {
    atMs: performance.now(),
    cpuMicros: stats.cpuMicros,
    rssBytes: stats.rssBytes,
    dbCpuMicros: await db?.backendCpuMicros?.(),
    metrics: metricsUrl ? await readIngestMetrics(metricsUrl) : undefined,
  };
}

function commitStats(before: Sample, after: Sample, seconds: number): CommitStats | undefined {
  if (!before.metrics || !after.metrics) return undefined;
  const commits = after.metrics.commits - before.metrics.commits;
  const busySeconds = after.metrics.commitSeconds - before.metrics.commitSeconds;
  return {
    perSecond: commits / seconds,
    rowsAvg: (after.metrics.commitRows - before.metrics.commitRows) / commits,
    msAvg: (busySeconds / commits) * 1000,
    busyPercent: (busySeconds / seconds) * 100,
  };
}

/** Where and how one load process runs. */
export interface LoadPlan {
  target: Target;
  url: string;
  transport: 'socketio' | 'ws';
  tokens: string[];
  shape: LoadShape;
  db?: BenchDatabase;
  /** The server's base URL when it has /metrics (not the bare sink). */
  metricsUrl?: string;
  /** When set, the target is CPU-profiled over the max-rate window and the profile saved here. */
  profilePath?: string;
}

/** Runs one load process to completion: closed loop when `rate` is 0, else paced at `rate` pings/s. */
export async function runLoad(plan: LoadPlan, rate: number, seqBase: number): Promise<Phase> {
  const { target, shape, db, metricsUrl } = plan;
  const args = Object.entries({
    url: plan.url,
    transport: plan.transport,
    batch: shape.batch,
    'in-flight': shape.inFlight,
    'warmup-s': shape.warmupS,
    'duration-s': shape.durationS,
    rate: Math.round(rate),
    'seq-base': seqBase,
  }).flatMap(([k, v]) => [`--${k}`, String(v)]);
  progress(
    `${plan.transport} load, ${rate > 0 ? `paced at ${Math.round(rate)} pings/s` : 'max rate'}`,
  );
  const load = BenchChild.start<LoadReport, LoadStart>('./load-process.ts', { args });
  try {
    load.send({ type: 'start', tokens: plan.tokens });
    await load.waitFor('connected', 60_000);
    await load.waitFor('measure-start', shape.warmupS * 1000 + 10_000);
    const before = await sample(target, db, metricsUrl);
    const profilePath = rate === 0 ? plan.profilePath : undefined;
    if (profilePath) await target.ask({ type: 'profile-start' }, 'profile-started');
    await load.waitFor('measure-end', shape.durationS * 1000 + 10_000);
    const after = await sample(target, db, metricsUrl);
    if (profilePath)
      await target.ask({ type: 'profile-stop', path: profilePath }, 'profile-saved', 30_000);
    progress('measured window over; draining acks');
    const { result } = await load.waitFor('result', 30_000);
    await load.exit(5_000);
    const seconds = (after.atMs - before.atMs) / 1000;
    const percentOfCore = (a?: number, b?: number) =>
      a !== undefined && b !== undefined ? ((b - a) / 1e6 / seconds) * 100 : undefined;
    return {
      load: result,
      cpuPercent: percentOfCore(before.cpuMicros, after.cpuMicros) ?? NaN,
      rssMiB: after.rssBytes / 2 ** 20,
      dbCpuPercent: percentOfCore(before.dbCpuMicros, after.dbCpuMicros),
      commits: commitStats(before, after, seconds),
    };
  } finally {
    await load.stop(2_000);
  }
}

/** A max-rate (closed-loop) phase, then an open-loop phase at half the rate it reached. */
export async function maxThenHalf(plan: LoadPlan): Promise<{ max: Phase; half: Phase }> {
  const max = await runLoad(plan, 0, 1);
  const half = await runLoad(plan, max.load.pingsPerSecond / 2, 1e9);
  return { max, half };
}

import type { DetectorCostResult, TickSeries } from './detect-engine';
import type { EtaBenchRun } from './detect-eta';
import type { AlertLatencyResult } from './detect-latency';
import { cell, markdownTable, percentile } from './table';

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number, digits = 1): string => `${cell(a / b, digits)}×`;

/** Median of per-tick µs per evaluated courier, over ticks that evaluated someone. */
function microsPerCourier(wallMs: readonly number[], evaluated: readonly number[]): number {
  const per = wallMs.flatMap((ms, i) => (evaluated[i]! > 0 ? [(ms * 1000) / evaluated[i]!] : []));
  return percentile(sorted(per), 0.5);
}

/** Per tick, the time spent outside the arrival estimator. */
function withoutEstimating(series: TickSeries): number[] {
  return series.wallMs.map((ms, i) => ms - series.estimatorMs[i]!);
}

/** Table 1: the engine's tick against the full scan, one row per fleet size and fix rate. */
export function detectorCostTable(results: readonly DetectorCostResult[]): string {
  return markdownTable(
    [
      'couriers',
      'fixes per tick (share)',
      'first tick ms',
      'fix intake ms p50',
      'tick ms p50',
      'p95',
      'max',
      'CPU ms p50',
      'evaluated per tick',
      'estimator calls per tick mean / max',
      'of which estimating ms p50',
      'µs per estimate',
      'µs per evaluated courier',
      'full scan ms p50',
      'full scan p95',
      'full scan / engine (p50)',
      'same, estimating left out',
      'signals, open at end (engine / full scan)',
    ],
    results.map((r) => {
      const wall = sorted(r.engine.wallMs);
      const scan = sorted(r.fullScan.wallMs);
      const share = mean(r.fixesPerTick) / r.options.couriers;
      return [
        cell(r.options.couriers),
        `${cell(mean(r.fixesPerTick))} (${cell(share * 100)}%)`,
        cell(r.firstTickMs, 1),
        cell(percentile(sorted(r.intakeMs), 0.5), 1),
        cell(percentile(wall, 0.5), 2),
        cell(percentile(wall, 0.95), 2),
        cell(wall.at(-1), 2),
        cell(percentile(sorted(r.engine.cpuMs), 0.5), 2),
        cell(mean(r.engine.evaluated)),
        `${cell(mean(r.engine.estimatorCalls))} / ${cell(Math.max(...r.engine.estimatorCalls))}`,
        cell(percentile(sorted(r.engine.estimatorMs), 0.5), 2),
        cell((sum(r.engine.estimatorMs) * 1000) / sum(r.engine.estimatorCalls), 1),
        cell(microsPerCourier(r.engine.wallMs, r.engine.evaluated), 2),
        cell(percentile(scan, 0.5), 2),
        cell(percentile(scan, 0.95), 2),
        ratio(percentile(scan, 0.5), percentile(wall, 0.5)),
        ratio(
          percentile(sorted(withoutEstimating(r.fullScan)), 0.5),
          percentile(sorted(withoutEstimating(r.engine)), 0.5),
        ),
        `${cell(r.engine.signals)}, ${cell(r.engine.openAtEnd)} / ` +
          `${cell(r.fullScan.signals)}, ${cell(r.fullScan.openAtEnd)}`,
      ];
    }),
  );
}

function otherAlerts(byKind: ReadonlyMap<string, number>): string {
  if (byKind.size === 0) return '0';
  return [...byKind].map(([kind, n]) => `${cell(n)} ${kind}`).join(', ');
}

/** Table 2: threshold crossing to the alert on a supervisor's console, one row per fleet size. */
export function alertLatencyTable(results: readonly AlertLatencyResult[]): string {
  return markdownTable(
    [
      'couriers',
      'suggestion triggers',
      'pings/s',
      'alerts heard',
      'latency ms p50',
      'p99',
      'max',
      'crossing → stored p50 / max',
      'stored → console p50 / max',
      'detection pass ms p50 / max',
      'passes skipped',
      'event loop delay ms p99 / max',
      'other alert changes',
    ],
    results.map((r) => {
      const latency = sorted(r.latencyMs);
      const stored = sorted(r.storedAfterMs);
      const delivered = sorted(r.deliveredAfterMs);
      const passes = sorted(r.detectionTickMs);
      return [
        cell(r.options.couriers),
        r.options.suggestions ? 'on' : 'off',
        cell(r.pingsPerS),
        `${cell(r.latencyMs.length)} of ${cell(r.latencyMs.length + r.missed)}`,
        cell(percentile(latency, 0.5)),
        cell(percentile(latency, 0.99)),
        cell(latency.at(-1)),
        `${cell(percentile(stored, 0.5))} / ${cell(stored.at(-1))}`,
        `${cell(percentile(delivered, 0.5))} / ${cell(delivered.at(-1))}`,
        `${cell(percentile(passes, 0.5), 1)} / ${cell(passes.at(-1), 1)}`,
        cell(r.skippedTicks),
        `${cell(r.eventLoopDelayP99Ms)} / ${cell(r.eventLoopDelayMaxMs)}`,
        otherAlerts(r.otherAlerts),
      ];
    }),
  );
}

/** Table 3: ETA error per provider and street network, against the constant-speed baseline. */
export function etaAccuracyTable(runs: readonly EtaBenchRun[]): string {
  const rows: string[][] = [];
  for (const run of runs) {
    if (!run.report) {
      rows.push([run.network, `skipped: ${run.skipped ?? 'no report'}`, '', '', '', '', '', '']);
      continue;
    }
    const baseline = run.report.providers.find((p) => p.provider === 'constant');
    for (const p of run.report.providers) {
      rows.push([
        run.network,
        p.provider === 'constant' ? 'constant (baseline)' : p.provider,
        cell(p.count),
        cell(p.maeSeconds),
        cell(p.medianAbsSeconds),
        cell(p.p90AbsSeconds),
        cell(p.biasSeconds),
        baseline ? ratio(p.maeSeconds, baseline.maeSeconds, 2) : '—',
      ]);
    }
  }
  return markdownTable(
    [
      'streets',
      'provider',
      'arrivals',
      'MAE s',
      'median abs error s',
      'p90 abs error s',
      'bias s',
      'MAE / baseline',
    ],
    rows,
  );
}

import { cpus } from 'node:os';
import type { LoadShape, Phase } from './run-phase';
import { cell, markdownTable } from './table';

/** One target's results: a row of the table. */
export interface Row {
  name: string;
  max: Phase;
  half: Phase;
  /** The durability check of a server run, as a sentence. */
  durability?: string;
}

export const SINK_NAME = 'bare ws sink';

const HEADER = [
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

function tableRow({ max, half, name }: Row, sink: Row | undefined): string[] {
  const ratio = sink ? max.load.pingsPerSecond / sink.max.load.pingsPerSecond : NaN;
  const refused = (p: Phase) => p.load.overloadedAcks;
  const failed = (p: Phase) => p.load.errorAcks;
  return [
    name,
    cell(max.load.pingsPerSecond),
    Number.isFinite(ratio) ? `${cell(ratio * 100)} %` : '—',
    cell(max.load.ackP50Ms, 1),
    cell(max.load.ackP99Ms, 1),
    `${refused(max) + refused(half)} / ${failed(max) + failed(half)}`,
    cell(half.load.pingsPerSecond),
    cell(half.load.ackP50Ms, 1),
    cell(half.load.ackP99Ms, 1),
    cell(max.cpuPercent),
    cell(max.rssMiB),
    cell(max.dbCpuPercent),
    cell(max.load.loadCpuPercent),
  ];
}

function commitLine(row: Row, which: 'max' | 'half'): string {
  const c = row[which].commits;
  if (!c) return '';
  return (
    `${which === 'max' ? 'max rate' : 'half rate'}: ${cell(c.perSecond, 1)} commits/s, ` +
    `${cell(c.rowsAvg)} rows and ${cell(c.msAvg, 1)} ms each, writer busy ${cell(c.busyPercent)} %`
  );
}

/** Prints parameters, the table, the group-commit figures and the durability checks. */
export function printReport(rows: Row[], shape: LoadShape, couriers: number): void {
  const sink = rows.find((r) => r.name === SINK_NAME);
  console.log('\n## Ingest bench\n');
  console.log(
    `couriers ${couriers}, batch ${shape.batch} pings, in-flight ${shape.inFlight} batches/courier ` +
      `(max-rate phase), warm-up ${shape.warmupS} s + measured ${shape.durationS} s per phase, ` +
      `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`,
  );
  console.log(
    markdownTable(
      HEADER,
      rows.map((r) => tableRow(r, sink)),
    ),
  );
  console.log(
    '\nCPU % is of one core over the measured max-rate window, RSS at its end. The half-rate phase is ' +
      'open loop at 50 % of the max rate, latency counted from each batch’s scheduled send time.',
  );
  console.log('\nGroup commit over the measured windows (server /metrics):');
  for (const r of rows) {
    if (r.max.commits)
      console.log(`- ${r.name}: ${commitLine(r, 'max')}; ${commitLine(r, 'half')}`);
  }
  console.log('\nDurability (rows in `pings` vs. the sum of `stored` in ok acks):');
  for (const r of rows) if (r.durability) console.log(`- ${r.durability}`);
}

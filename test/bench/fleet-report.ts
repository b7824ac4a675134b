import { cpus } from 'node:os';
import type { FleetRunResult, FleetShape } from './fleet-run';
import { cell, markdownTable } from './table';

/** One figure of a run, named for the tables. */
interface Metric {
  name: string;
  of: (r: FleetRunResult) => number;
  digits: number;
}

const METRICS: Metric[] = [
  { name: 'ack p50 ms', of: (r) => r.load.ackP50Ms, digits: 1 },
  { name: 'ack p99 ms', of: (r) => r.load.ackP99Ms, digits: 1 },
  { name: 'ping→console p50 ms', of: (r) => r.consoles.deltaP50Ms, digits: 0 },
  { name: 'ping→console p99 ms', of: (r) => r.consoles.deltaP99Ms, digits: 0 },
  { name: 'alert latency p99 ms', of: (r) => r.consoles.alertLatencyP99Ms, digits: 0 },
  { name: 'alert events/min', of: (r) => r.consoles.alertEventsPerMin, digits: 0 },
  { name: 'alerts opened/min', of: (r) => r.consoles.alertsOpenedPerMin, digits: 0 },
  { name: 'event-loop delay p99 ms', of: (r) => r.server.eventLoopP99Ms, digits: 1 },
  { name: 'event-loop delay max ms', of: (r) => r.server.eventLoopMaxMs, digits: 0 },
  { name: 'server CPU %', of: (r) => r.server.cpuPercent, digits: 0 },
  { name: 'RSS MiB', of: (r) => r.server.rssMiB, digits: 0 },
  {
    name: 'RSS MiB per 1,000 couriers',
    of: (r) => r.server.rssMiB / (r.spec.couriers / 1000),
    digits: 1,
  },
];

const onOff = (on: boolean) => (on ? 'on' : 'off');
const runName = (r: FleetRunResult) =>
  `${r.spec.network} ${cell(r.spec.couriers)} ${onOff(r.spec.suggestions)}`;
const keyOf = (r: FleetRunResult) => `${r.spec.network}/${r.spec.couriers}`;

function mainTable(results: FleetRunResult[]): string {
  return markdownTable(
    ['network', 'couriers', 'suggestions', ...METRICS.map((m) => m.name)],
    results.map((r) => [
      r.spec.network,
      cell(r.spec.couriers),
      onOff(r.spec.suggestions),
      ...METRICS.map((m) => cell(m.of(r), m.digits)),
    ]),
  );
}

/** Suggestion triggers on over off, per (network, couriers) where both ran. */
function ratioTable(results: FleetRunResult[]): string | null {
  const rows: string[][] = [];
  for (const on of results.filter((r) => r.spec.suggestions)) {
    const off = results.find((r) => !r.spec.suggestions && keyOf(r) === keyOf(on));
    if (!off) continue;
    rows.push([
      on.spec.network,
      cell(on.spec.couriers),
      ...METRICS.map((m) => `${cell(m.of(on) / m.of(off), 2)}×`),
    ]);
  }
  if (rows.length === 0) return null;
  return markdownTable(['network', 'couriers', ...METRICS.map((m) => m.name)], rows);
}

/** What else each run did: the load behind the figures and what limits them. */
function detailTable(results: FleetRunResult[]): string {
  return markdownTable(
    [
      'run',
      'pings acked/s (stored/s)',
      'failed batches',
      'stop visits (refused)',
      'setup s',
      'silenced / stalled / late orders',
      'alerts opened by kind',
      'alert latency samples (p50 ms)',
      'fix→server tick p50/p99 ms',
      'fixes/s, stop changes/s per console',
      'suggestion events',
      'proposal busy % / queue at end',
      'PG CPU %',
      'load CPU % (worst lag ms)',
      'consoles CPU %',
    ],
    results.map((r) => [
      runName(r),
      `${cell(r.load.pingsPerS)} (${cell(r.server.pingsStoredPerS)})`,
      cell(r.load.failedBatches),
      `${cell(r.load.stopReports)} (${cell(r.load.failedStopReports)})`,
      cell(r.setupS),
      `${r.load.silenced} / ${r.load.stalled} / ${r.lateOrders}` +
        (r.failedLateOrders > 0 ? ` (${r.failedLateOrders} refused)` : ''),
      Object.entries(r.consoles.openedByKind)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ') || '—',
      `${cell(r.consoles.alertLatencySamples)} (${cell(r.consoles.alertLatencyP50Ms)})`,
      `${cell(r.consoles.serverP50Ms)} / ${cell(r.consoles.serverP99Ms)}`,
      `${cell(r.consoles.fixesPerS)}, ${cell(r.consoles.stopChangesPerS)}`,
      cell(r.consoles.suggestionEvents),
      `${cell(r.server.proposalBusyPercent, 1)} / ${cell(r.server.proposalQueueAtEnd)}`,
      cell(r.server.pgCpuPercent),
      `${cell(r.load.cpuPercent)} (${cell(r.load.worstLateMs)})`,
      cell(r.consoles.cpuPercent),
    ]),
  );
}

/** Memory each extra 1,000 couriers costs, between the smallest and largest run of a network. */
function marginalRss(results: FleetRunResult[]): string[] {
  const lines: string[] = [];
  for (const network of new Set(results.map((r) => r.spec.network))) {
    for (const suggestions of [true, false]) {
      const runs = results
        .filter((r) => r.spec.network === network && r.spec.suggestions === suggestions)
        .sort((a, b) => a.spec.couriers - b.spec.couriers);
      const [small, large] = [runs[0], runs[runs.length - 1]];
      if (!small || !large || small === large) continue;
      const perThousand =
        (large.server.rssMiB - small.server.rssMiB) /
        ((large.spec.couriers - small.spec.couriers) / 1000);
      lines.push(
        `${network}, suggestions ${onOff(suggestions)}: ${cell(perThousand, 1)} MiB per extra 1,000 couriers ` +
          `(${cell(small.spec.couriers)} → ${cell(large.spec.couriers)})`,
      );
    }
  }
  return lines;
}

/** The tables and the notes that say how to read them. */
export function printFleetReport(results: FleetRunResult[], shape: FleetShape): void {
  const out: string[] = ['## bench:fleet', '', mainTable(results), ''];
  const ratios = ratioTable(results);
  if (ratios) out.push('Suggestion triggers on / off:', '', ratios, '');
  out.push('Per run:', '', detailTable(results), '');
  for (const r of results) {
    if (r.routeImportsRetried > 0)
      out.push(
        `Route imports retried after a server error in the ${runName(r)} run: ${r.routeImportsRetried}.`,
      );
    const refusals = Object.entries(r.load.failures);
    if (refusals.length === 0) continue;
    const list = refusals.map(([what, n]) => `${what} ${cell(n)}`).join(', ');
    out.push(`Refused over the ${runName(r)} run: ${list}.`);
  }
  if (results.some((r) => r.routeImportsRetried > 0 || Object.keys(r.load.failures).length > 0))
    out.push('');
  const rss = marginalRss(results);
  const notes = [
    `Console broadcast tick CONSOLE_TICK_MS=${shape.consoleTickMs} ms: compare ping→console p99 with ` +
      `tick + 100 ms = ${shape.consoleTickMs + 100} ms. Ping→console runs from the fix time, which the ` +
      'load process stamps with Date.now() as it emits the batch (the delta carries the fix time, ' +
      'not its receipt), to the console receiving the `fleet:delta` carrying that fix; one clock, ' +
      'one machine. Fix→server tick is the same fix to the delta’s server time `at`.',
    `Each courier sends one fix every ${shape.pingEveryS} s as a batch of one; ack = emit → ack of ` +
      'that batch (acks come after the durable commit).',
    `Alert latency: threshold crossing → \`alert:changed\` at a console, pooled over ${shape.consoles} ` +
      `consoles, for offline (silent since + OFFLINE_AFTER_S=${shape.offlineAfterS} s, server clock), ` +
      'late (window end) and sla_breach (window end + grace) alerts whose crossing fell in the window. ' +
      'Stalled and late_risk alerts are counted but not timed: their crossing depends on device ' +
      'time and on ETA refreshes, not on one known instant.',
    `Incidents, whatever the fleet size: ${shape.offlinePerMin}/min couriers fall silent for ` +
      `OFFLINE_AFTER_S + 20 s, ${shape.stallsPerMin}/min stand still for 150 s ` +
      `(STALL_AFTER_S=${shape.stallAfterS} s; a stall alerts once the detector has seen a minute ` +
      `of fixes in one place and the dwell has lasted STALL_AFTER_S, so runs shorter than that ` +
      `see none), ${shape.latePerMin}/min late orders reach their window end (each imported over ` +
      'REST onto the end of a courier’s route up to 60 s before: at risk from the start). ' +
      'Alert events/min are per console (opens, updates, resolves); ' +
      'alerts opened/min counts distinct alerts opened in the window.',
    `Event-loop delay: the server's own monitorEventLoopDelay (prom-client default metrics, 20 ms ` +
      'resolution), reset by a /metrics scrape at the window start and read at its end. Server ' +
      'CPU: process.cpuUsage of the server process (all its threads, a proposal worker included) ' +
      'over the window, % of one core; RSS at the window end.',
    `${cell(shape.warmupS)} s warm-up, ${cell(shape.durationS)} s measured per run; a fresh PostgreSQL ` +
      `database per run; server, load, consoles, PostgreSQL and this orchestrator share ` +
      `${cpus().length} cores.`,
    ...rss,
  ];
  out.push(...notes.map((n) => `- ${n}`));
  console.log(out.join('\n'));
}

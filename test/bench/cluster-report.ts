import { cpus } from 'node:os';
import type { FleetRunResult, FleetShape } from './fleet-run';
import {
  costLines,
  fitCosts,
  FIX_EVERY_S,
  sizingTable,
  type NodeSample,
  type RunSample,
} from './cluster-sizing';
import { cell, markdownTable } from './table';

/** One run of bench:cluster: how many nodes, alone or clustered, and what the fleet run measured. */
export interface ClusterRun {
  nodes: number;
  clustered: boolean;
  repeat: number;
  result: FleetRunResult;
}

const configName = (r: Pick<ClusterRun, 'nodes' | 'clustered'>) =>
  r.clustered ? `${r.nodes} node${r.nodes === 1 ? '' : 's'}, Redis` : '1 node alone';
const groupName = (r: ClusterRun) => `${cell(r.result.spec.couriers)} couriers, ${configName(r)}`;

function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** CPU per 1,000 pings stored, core-milliseconds, from a CPU share (% of one core) and a rate. */
const coreMsPerThousand = (cpuPercent: number, pingsPerS: number) =>
  ((cpuPercent / 100) * 1e6) / pingsPerS;

/** The figures of one configuration: medians over its repeats. */
interface ConfigFigures {
  name: string;
  couriers: number;
  nodes: number;
  clustered: boolean;
  pingsPerS: number;
  ackP50: number;
  ackP99: number;
  consoleP50: number;
  consoleP99: number;
  failedBatches: number;
  alertP99: number;
  eventLoopP99: number;
  serverCpu: number;
  busiestNodeCpu: number;
  pgCpu: number;
  redisCpu: number;
  serverMsPerK: number;
  pgMsPerK: number;
  redisMsPerK: number;
}

function figuresOf(runs: ClusterRun[]): ConfigFigures {
  const of = (f: (r: FleetRunResult) => number) => median(runs.map((r) => f(r.result)));
  const first = runs[0]!;
  return {
    name: configName(first),
    couriers: first.result.spec.couriers,
    nodes: first.nodes,
    clustered: first.clustered,
    pingsPerS: of((r) => r.server.pingsStoredPerS),
    ackP50: of((r) => r.load.ackP50Ms),
    ackP99: of((r) => r.load.ackP99Ms),
    consoleP50: of((r) => r.consoles.deltaP50Ms),
    consoleP99: of((r) => r.consoles.deltaP99Ms),
    failedBatches: of((r) => r.load.failedBatches),
    alertP99: of((r) => r.consoles.alertLatencyP99Ms),
    eventLoopP99: of((r) => r.server.eventLoopP99Ms),
    serverCpu: of((r) => r.server.cpuPercent),
    busiestNodeCpu: of((r) => Math.max(...r.server.nodes.map((n) => n.cpuPercent))),
    pgCpu: of((r) => r.server.pgCpuPercent),
    redisCpu: of((r) => r.server.redisCpuPercent),
    serverMsPerK: of((r) => coreMsPerThousand(r.server.cpuPercent, r.server.pingsStoredPerS)),
    pgMsPerK: of((r) => coreMsPerThousand(r.server.pgCpuPercent, r.server.pingsStoredPerS)),
    redisMsPerK: of((r) => coreMsPerThousand(r.server.redisCpuPercent, r.server.pingsStoredPerS)),
  };
}

function mainTable(configs: ConfigFigures[]): string {
  const baselineOf = (c: ConfigFigures) =>
    configs.find((b) => !b.clustered && b.couriers === c.couriers) ?? c;
  return markdownTable(
    [
      'couriers',
      'nodes',
      'pings stored/s',
      'ack p50 / p99 ms',
      'ping→console p50 / p99 ms',
      'alert latency p99 ms',
      'failed batches',
      'event-loop p99 ms (worst node)',
      'server CPU % (busiest node)',
      'PG CPU %',
      'Redis CPU %',
      'server core-ms per 1,000 pings',
      'per-core efficiency vs alone',
      'PG / Redis core-ms per 1,000 pings',
    ],
    configs.map((c) => [
      cell(c.couriers),
      c.name,
      cell(c.pingsPerS),
      `${cell(c.ackP50, 1)} / ${cell(c.ackP99, 1)}`,
      `${cell(c.consoleP50)} / ${cell(c.consoleP99)}`,
      cell(c.alertP99),
      cell(c.failedBatches),
      cell(c.eventLoopP99, 1),
      `${cell(c.serverCpu)} (${cell(c.busiestNodeCpu)})`,
      cell(c.pgCpu),
      c.clustered ? cell(c.redisCpu, 1) : '—',
      cell(c.serverMsPerK, 1),
      `${cell(baselineOf(c).serverMsPerK / c.serverMsPerK, 2)}×`,
      `${cell(c.pgMsPerK, 1)} / ${c.clustered ? cell(c.redisMsPerK, 1) : '—'}`,
    ]),
  );
}

/** Each node's CPU and pings per run, to see how evenly the cluster shares the work. */
function nodeTable(runs: ClusterRun[]): string {
  return markdownTable(
    ['run', 'node CPU %', 'node pings stored/s', 'node event-loop p99 ms'],
    runs
      .filter((r) => r.clustered && r.nodes > 1)
      .map((r) => [
        `${groupName(r)} #${r.repeat}`,
        r.result.server.nodes.map((n) => cell(n.cpuPercent)).join(' / '),
        r.result.server.nodes.map((n) => cell(n.pingsStoredPerS)).join(' / '),
        r.result.server.nodes.map((n) => cell(n.eventLoopP99Ms, 1)).join(' / '),
      ]),
  );
}

/** The samples the sizing fit takes: every node of every clustered run, and every such run. */
function fitOf(runs: ClusterRun[]) {
  const clustered = runs.filter((r) => r.clustered);
  const nodes: NodeSample[] = clustered.flatMap((r) =>
    r.result.server.nodes.map((n) => ({
      ownPingsPerS: n.pingsStoredPerS,
      clusterPingsPerS: r.result.server.pingsStoredPerS,
      cpuPercent: n.cpuPercent,
    })),
  );
  const samples: RunSample[] = clustered.map((r) => ({
    nodes: r.nodes,
    pingsPerS: r.result.server.pingsStoredPerS,
    pgCpuPercent: r.result.server.pgCpuPercent,
    redisCpuPercent: r.result.server.redisCpuPercent,
  }));
  return fitCosts(nodes, samples);
}

export function printClusterReport(
  runs: ClusterRun[],
  shape: FleetShape,
  fleet: { hubs: number },
): void {
  const names = [...new Set(runs.map(groupName))];
  const configs = names.map((name) => figuresOf(runs.filter((r) => groupName(r) === name)));
  const repeats = Math.max(...runs.map((r) => r.repeat));
  const out = ['## bench:cluster', '', mainTable(configs), ''];
  if (runs.some((r) => r.clustered && r.nodes > 1)) out.push('Per node:', '', nodeTable(runs), '');
  const costs = fitOf(runs);
  if (costs) {
    out.push(
      `Sizing, one fix every ${FIX_EVERY_S} s per courier, from costs fitted over every ` +
        'clustered run (least squares; linear beyond what ran):',
      '',
      ...costLines(costs).map((line) => `- ${line}`),
      '',
      sizingTable(costs, CONSOLE_BYTES_PER_FIX),
      '',
    );
  } else {
    out.push('No sizing: it needs clustered runs at two fleet sizes (--couriers 1000,2000).', '');
  }
  const sizes = [...new Set(runs.map((r) => r.result.spec.couriers))].map((n) => cell(n));
  const notes = [
    `${sizes.join(' and ')} couriers over ${fleet.hubs} hubs, one fix every ${shape.pingEveryS} s ` +
      `each, ${shape.consoles} consoles watching the whole city, dealt over the nodes in turn; ` +
      'the fleet bench’s incidents and late orders; suggestions on. The same offered load in ' +
      'every configuration of a size: what changes is what it costs and how long it takes to ' +
      'reach a console.',
    'Per-core efficiency = the alone run’s server core-ms per 1,000 pings over this run’s: 1.00× ' +
      'means a cluster spends no more CPU per ping than one node alone; below it is what the ' +
      'Redis adapter, the fix relay to hub owners and the leases cost. It is not a speed-up: on ' +
      `${cpus().length} shared cores the nodes, PostgreSQL, Redis, the load and the consoles ` +
      'compete for the same CPUs, so more nodes cannot go faster here.',
    'Ping→console: the load stamps each fix as it emits it; a console on any node receives the ' +
      '`fleet:delta` carrying it (through the Redis streams adapter when the courier is on another ' +
      `node). Broadcast tick ${shape.consoleTickMs} ms.`,
    'PG CPU: the PostgreSQL backends of the run’s database (those alive at each sample). Redis ' +
      'CPU: `INFO cpu` of the whole Redis server, which nothing else uses during the run.',
    `Console bytes: ${CONSOLE_BYTES_PER_FIX} bytes per fix on the socket, measured by bench:console.`,
    `${cell(shape.warmupS)} s warm-up, ${cell(shape.durationS)} s measured per run; ` +
      `${repeats} repeat(s), configurations interleaved, medians; a fresh database per run.`,
  ];
  out.push(...notes.map((n) => `- ${n}`));
  console.log(out.join('\n'));
}

/** What one fix costs on a console's socket (bench:console: columnar deltas). */
const CONSOLE_BYTES_PER_FIX = 27.3;

import { cell, markdownTable } from './table';

/** One node of one clustered run: what it stored, what the whole cluster stored, its CPU. */
export interface NodeSample {
  ownPingsPerS: number;
  clusterPingsPerS: number;
  cpuPercent: number;
}

/** One clustered run: its node count, pings stored per second, PostgreSQL's and Redis's CPU. */
export interface RunSample {
  nodes: number;
  pingsPerS: number;
  pgCpuPercent: number;
  redisCpuPercent: number;
}

/**
 * The costs fitted over the clustered runs (least squares), each in % of one core:
 * - a node: `perOwnPing` × the pings it takes from its own devices + `perClusterPing` × every
 *   ping of the cluster (each node holds the whole live fleet: it decodes every relayed fix and
 *   sends its consoles their deltas) + `fixed`;
 * - PostgreSQL: `pgPerPing` × pings + `pgPerNode` × nodes (each node commits its own batches:
 *   more nodes, more and smaller group commits) + `pgFixed`;
 * - Redis: `redisPerPingNode` × pings × nodes (a fix is read by every node) + `redisFixed`.
 */
export interface ClusterCosts {
  perOwnPing: number;
  perClusterPing: number;
  fixed: number;
  pgPerPing: number;
  pgPerNode: number;
  pgFixed: number;
  redisPerPingNode: number;
  redisFixed: number;
}

/** Least squares: the coefficients minimising |X·β − y|², by the normal equations. */
export function leastSquares(rows: number[][], y: number[]): number[] | null {
  const k = rows[0]?.length ?? 0;
  const a = Array.from({ length: k }, (_, i) => [
    ...Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0)),
    rows.reduce((s, r, n) => s + r[i]! * y[n]!, 0),
  ]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-9) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

/**
 * Fits the costs; null when the runs cannot separate them (one fleet size only: every run's
 * cluster-wide rate is the same, so its share cannot be told from the fixed part).
 */
export function fitCosts(nodes: NodeSample[], runs: RunSample[]): ClusterCosts | null {
  const node = leastSquares(
    nodes.map((n) => [n.ownPingsPerS, n.clusterPingsPerS, 1]),
    nodes.map((n) => n.cpuPercent),
  );
  const pg = leastSquares(
    runs.map((r) => [r.pingsPerS, r.nodes, 1]),
    runs.map((r) => r.pgCpuPercent),
  );
  const redis = leastSquares(
    runs.map((r) => [r.pingsPerS * r.nodes, 1]),
    runs.map((r) => r.redisCpuPercent),
  );
  if (!node || !pg || !redis) return null;
  return {
    perOwnPing: node[0]!,
    perClusterPing: node[1]!,
    fixed: node[2]!,
    pgPerPing: pg[0]!,
    pgPerNode: pg[1]!,
    pgFixed: pg[2]!,
    redisPerPingNode: redis[0]!,
    redisFixed: redis[1]!,
  };
}

/** Fleets the README sizes, each courier sending one fix every 5 s. */
export const FLEETS = [10_000, 50_000, 200_000];
export const FIX_EVERY_S = 5;
/** A node is one event loop: plan for this share of one core, headroom for bursts and failover. */
export const NODE_BUDGET_PERCENT = 60;

/**
 * The nodes a rate needs with every node under the budget, or null when no count will do: the
 * share every node carries of the whole cluster's pings reaches the budget by itself.
 */
export function nodesFor(costs: ClusterCosts, pingsPerS: number): number | null {
  const room = NODE_BUDGET_PERCENT - costs.fixed - costs.perClusterPing * pingsPerS;
  if (room <= 0) return null;
  return Math.max(1, Math.ceil((costs.perOwnPing * pingsPerS) / room));
}

/** The cluster-wide rate at which a node's share of every ping alone fills its budget. */
export function ceilingPingsPerS(costs: ClusterCosts): number {
  return (NODE_BUDGET_PERCENT - costs.fixed) / costs.perClusterPing;
}

/** The sizing table: per fleet, nodes (+1 spare), PostgreSQL cores, Redis, console bytes. */
export function sizingTable(costs: ClusterCosts, consoleBytesPerFix: number): string {
  return markdownTable(
    [
      'couriers',
      'pings/s',
      `nodes under ${NODE_BUDGET_PERCENT} % of a core (+1 spare)`,
      'PostgreSQL cores',
      'Redis % of its one core',
      'KB/s to a console watching all',
    ],
    FLEETS.map((couriers) => {
      const rate = couriers / FIX_EVERY_S;
      const nodes = nodesFor(costs, rate);
      const n = nodes ?? 0;
      const pg = costs.pgPerPing * rate + costs.pgPerNode * n + costs.pgFixed;
      const redis = costs.redisPerPingNode * rate * n + costs.redisFixed;
      return [
        cell(couriers),
        cell(rate),
        nodes === null ? 'beyond (see below)' : `${nodes} + 1`,
        nodes === null ? '—' : cell(pg / 100, 1),
        nodes === null ? '—' : cell(redis, 0),
        cell((rate * consoleBytesPerFix) / 1000),
      ];
    }),
  );
}

/** The fitted costs as lines a reader can check against the tables. */
export function costLines(costs: ClusterCosts): string[] {
  const us = (percentPerPing: number) => cell(percentPerPing * 1e4, 0);
  return [
    `A node: ${us(costs.perOwnPing)} µs of CPU per ping from its own devices, ` +
      `${us(costs.perClusterPing)} µs per ping of the whole cluster (every node takes every fix), ` +
      `${cell(costs.fixed, 1)} % of a core fixed.`,
    `PostgreSQL: ${us(costs.pgPerPing)} µs per ping, ${cell(costs.pgPerNode, 1)} % of a core per ` +
      `node, ${cell(costs.pgFixed, 1)} % fixed. Redis: ${us(costs.redisPerPingNode)} µs per ping ` +
      `per node, ${cell(costs.redisFixed, 1)} % fixed.`,
    `The share of every ping that each node carries caps one cluster at about ` +
      `${cell(ceilingPingsPerS(costs))} pings/s (${cell(ceilingPingsPerS(costs) * FIX_EVERY_S)} ` +
      `couriers at one fix every ${FIX_EVERY_S} s) whatever its node count.`,
  ];
}

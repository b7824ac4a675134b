import type { ClusterPlan } from './cluster-plan';
import { redactUrl } from './cluster-plan';
import type { DemoCredentials } from './demo-seed';

/** What the banner says about the running cluster. */
export interface ClusterBannerFacts {
  plan: ClusterPlan;
  /** The host the balancers and nodes are reached at. */
  host: string;
  /** Process ids by node name. */
  pids: Map<string, number | undefined>;
  credentials: DemoCredentials | null;
  simulatorRunning: boolean;
}

/** The port scheme, before anything starts. */
export function portSchemeLines(plan: ClusterPlan, host: string): string[] {
  const last = plan.nodes.at(-1)!;
  return [
    `  Balancer       http://${host}:${plan.port}/ and OsmAnd ${host}:${plan.osmandPort}`,
    `  Nodes          node-1..node-${last.index} on ports ${plan.port}+i (${plan.nodes[0]!.port}..${last.port}), ` +
      `OsmAnd ${plan.osmandPort}+i (${plan.nodes[0]!.osmandPort}..${last.osmandPort})`,
    `  PostgreSQL     ${redactUrl(plan.databaseUrl)}`,
    `  Redis          ${redactUrl(plan.redisUrl)}`,
  ];
}

/** The table printed once every node answers: where to open the console, each node, sign-ins. */
export function clusterBanner(facts: ClusterBannerFacts): string {
  const { plan, host, credentials } = facts;
  const url = `http://${host}:${plan.port}`;
  const nodeRows = plan.nodes.map((node) => {
    const pid = facts.pids.get(node.name);
    return (
      `    ${node.name.padEnd(8)} http://${host}:${node.port}/  ` +
      `OsmAnd ${node.osmandPort}  pid ${pid ?? '-'}`
    );
  });
  return [
    '',
    `  Dispatch control tower: ${plan.nodes.length} node${plan.nodes.length === 1 ? '' : 's'} on one PostgreSQL and one Redis`,
    `  Console        ${url}/  (through the balancer)`,
    `  OsmAnd ingest  http://${host}:${plan.osmandPort}/  (through the balancer)`,
    `  Nodes`,
    ...nodeRows,
    ...(credentials
      ? [
          `  Sign in as     admin       ${credentials.admin.email}  ${credentials.admin.password}`,
          `                 dispatcher  ${credentials.dispatcher.email}  ${credentials.dispatcher.password}`,
          `                 supervisor  ${credentials.supervisor.email}  ${credentials.supervisor.password}`,
        ]
      : [
          `  Sign in as     (no demo sign-ins in ${plan.dataDir}: this database was seeded elsewhere)`,
        ]),
    `  Simulator      ${facts.simulatorRunning ? `running against ${url}` : 'not started'}`,
    `  Try failover   kill -9 <a node's pid>: the others keep serving; Ctrl+C stops everything`,
    '',
  ].join('\n');
}

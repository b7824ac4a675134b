import { parseArgs } from 'node:util';

export const CLUSTER_USAGE = `Runs several server nodes on one PostgreSQL and one Redis behind a round-robin balancer.

  pnpm cluster [--nodes 3] [--port 3000] [--no-sim] [--couriers N] [--stops N] [--seed N]

  --nodes N       server nodes to start (default 3)
  --port P        the balancer's port (default PORT or 3000); node i listens on P+i
  --no-sim        do not start the fleet simulator
  --couriers N    couriers in the demo seeded on first run (default 100)
  --stops N       stops in the demo day (default 1500)
  --seed N        random seed of the demo and the simulator (default 1)

Ports: the balancer on P and OsmAnd ingest on OSMAND_PORT (5055), each balanced; node i on P+i
and OSMAND_PORT+i (with METRICS_PORT set, node i's metrics on METRICS_PORT+i).

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/dispatch_cluster, created
when missing), REDIS_URL (default redis://127.0.0.1:6379), HOST (127.0.0.1), DATA_DIR
(.data/cluster: the demo's sign-ins and the nodes' shared photo store); the rest is passed to
every node.`;

/** The database the cluster runs on when DATABASE_URL is not set. */
export const DEFAULT_CLUSTER_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dispatch_cluster';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_CLUSTER_DATA_DIR = '.data/cluster';
const MAX_NODES = 32;

/** What `pnpm cluster` was asked for on its command line. */
export interface ClusterOptions {
  nodes: number;
  /** The balancer's HTTP port. */
  port: number;
  sim: boolean;
  couriers: number;
  stops: number;
  seed: number;
}

/** One server node's name and ports. */
export interface NodePlan {
  /** 1-based. */
  index: number;
  name: string;
  port: number;
  osmandPort: number;
  /** Set only when the cluster's environment asks for a separate metrics listener. */
  metricsPort: number | null;
}

/** Everything the nodes share and where the balancers listen. */
export interface ClusterPlan {
  port: number;
  osmandPort: number;
  databaseUrl: string;
  redisUrl: string;
  dataDir: string;
  nodes: NodePlan[];
}

/** Parses the command line; throws a message for a person on a bad value, returns 'help' for --help. */
export function parseClusterArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): ClusterOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string', default: '3' },
      port: { type: 'string', default: env.PORT || '3000' },
      'no-sim': { type: 'boolean', default: false },
      couriers: { type: 'string', default: '100' },
      stops: { type: 'string', default: '1500' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const nodes = wholeNumber(values.nodes, '--nodes', 1);
  if (nodes > MAX_NODES) throw new Error(`--nodes takes at most ${MAX_NODES}, not ${nodes}`);
  return {
    nodes,
    port: wholeNumber(values.port, '--port', 1),
    sim: !values['no-sim'],
    couriers: wholeNumber(values.couriers, '--couriers', 1),
    stops: wholeNumber(values.stops, '--stops', 1),
    seed: wholeNumber(values.seed, '--seed', 1),
  };
}

/**
 * Names, ports and shared settings of every node: node i is `node-i` on port+i and
 * OSMAND_PORT+i, so the balancers keep the ports a single server would have.
 */
export function planCluster(
  options: Pick<ClusterOptions, 'nodes' | 'port'>,
  env: Record<string, string | undefined>,
): ClusterPlan {
  const osmandPort = env.OSMAND_PORT ? wholeNumber(env.OSMAND_PORT, 'OSMAND_PORT', 1) : 5055;
  const metricsPort = env.METRICS_PORT ? wholeNumber(env.METRICS_PORT, 'METRICS_PORT', 1) : null;
  const nodes: NodePlan[] = [];
  for (let index = 1; index <= options.nodes; index++) {
    nodes.push({
      index,
      name: `node-${index}`,
      port: checkedPort(options.port + index, `node-${index}'s port`),
      osmandPort: checkedPort(osmandPort + index, `node-${index}'s OsmAnd port`),
      metricsPort:
        metricsPort === null
          ? null
          : checkedPort(metricsPort + index, `node-${index}'s metrics port`),
    });
  }
  const ports = [options.port, osmandPort, ...nodes.flatMap(nodePorts)];
  const clash = ports.find((p, i) => ports.indexOf(p) !== i);
  if (clash !== undefined)
    throw new Error(`port ${clash} is used twice: move --port or OSMAND_PORT further apart`);
  return {
    port: checkedPort(options.port, '--port'),
    osmandPort,
    databaseUrl: env.DATABASE_URL || DEFAULT_CLUSTER_DATABASE_URL,
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    dataDir: env.DATA_DIR || DEFAULT_CLUSTER_DATA_DIR,
    nodes,
  };
}

/** A node's environment: the cluster's own, with its name, its ports and the shared services. */
export function nodeEnvironment(
  plan: ClusterPlan,
  node: NodePlan,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return {
    ...env,
    LOG_FORMAT: env.LOG_FORMAT || 'pretty',
    NODE_NAME: node.name,
    PORT: String(node.port),
    OSMAND_PORT: String(node.osmandPort),
    ...(node.metricsPort === null ? {} : { METRICS_PORT: String(node.metricsPort) }),
    DATABASE_URL: plan.databaseUrl,
    REDIS_URL: plan.redisUrl,
    DATA_DIR: plan.dataDir,
  };
}

/** The database a PostgreSQL URL names, and the URL of the `postgres` database beside it. */
export function databaseOf(url: string): { name: string; maintenanceUrl: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL names no database: ${redactUrl(url)}`);
  parsed.pathname = '/postgres';
  return { name, maintenanceUrl: parsed.toString() };
}

/** A URL fit to print: its password replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function nodePorts(node: NodePlan): number[] {
  return [node.port, node.osmandPort, ...(node.metricsPort === null ? [] : [node.metricsPort])];
}

function checkedPort(port: number, what: string): number {
  if (port > 65535) throw new Error(`${what} would be ${port}, past 65535`);
  return port;
}

function wholeNumber(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${flag} takes a whole number of at least ${min}, not "${value}"`);
  return n;
}

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBalancer, type Balancer } from './balancer';
import { clusterBanner, portSchemeLines } from './cluster-banner';
import {
  CLUSTER_USAGE,
  nodeEnvironment,
  parseClusterArgs,
  planCluster,
  redactUrl,
  type ClusterOptions,
  type ClusterPlan,
  type NodePlan,
} from './cluster-plan';
import { checkRedis, ensureDatabase } from './cluster-services';
import { readDemoCredentials } from './demo-seed';
import {
  describeExit,
  isRunning,
  spawnNamed,
  stopGracefully,
  waitUntilAnswering,
  type NamedProcess,
} from './named-process';

const START_ENTRY = fileURLToPath(new URL('./start.ts', import.meta.url));
const NODE_ENTRY = fileURLToPath(new URL('../main.ts', import.meta.url));
const SIMULATOR_ENTRY = fileURLToPath(new URL('../simulator/main.ts', import.meta.url));

/** A node has this long to finish its work after SIGTERM before it is killed. */
const NODE_GRACE_MS = 20_000;
/** The simulator flushes its queued pings before it ends. */
const SIMULATOR_GRACE_MS = 10_000;

/** Everything one `pnpm cluster` run has started, in the order it is stopped. */
interface Running {
  simulator: NamedProcess | null;
  nodes: NamedProcess[];
  balancers: Balancer[];
}

function readOptions(): ClusterOptions | 'help' {
  try {
    return parseClusterArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${CLUSTER_USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options === 'help') {
    console.log(CLUSTER_USAGE);
    return;
  }
  const plan = planCluster(options, process.env);
  const bindHost = process.env.HOST || '127.0.0.1';
  // Nodes listen on HOST too; a wildcard is reached on this machine through loopback.
  const host = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;

  if (await ensureDatabase(plan.databaseUrl))
    console.log(`[cluster] created database ${redactUrl(plan.databaseUrl)}`);
  await checkRedis(plan.redisUrl);
  // The demo's sign-ins are written here; with PostgreSQL nothing else makes the folder.
  mkdirSync(resolve(plan.dataDir), { recursive: true });
  console.log(['[cluster] ports', ...portSchemeLines(plan, host)].join('\n'));

  const running: Running = { simulator: null, nodes: [], balancers: [] };
  const abort = new AbortController();
  let stopping = false;
  const stop = (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    abort.abort();
    console.log(`[cluster] ${why}: stopping the simulator, then the nodes, then the balancers`);
    stopAll(running).then(
      () => process.exit(exitCode),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT', 0));
  process.on('SIGTERM', () => stop('SIGTERM', 0));
  // Children run in process groups of their own: none outlives the runner.
  process.on('exit', () => {
    for (const child of [running.simulator, ...running.nodes]) {
      if (child && isRunning(child)) child.child.kill('SIGKILL');
    }
  });

  const log = (name: string) => (line: string) => console.log(`[${name}] ${line}`);
  const backendsOf = (port: (node: NodePlan) => number) =>
    plan.nodes.map((node) => ({ host, port: port(node) }));
  running.balancers.push(
    await startBalancer({
      port: plan.port,
      host: bindHost,
      backends: backendsOf((n) => n.port),
      log: log('balancer'),
    }),
    await startBalancer({
      port: plan.osmandPort,
      host: bindHost,
      backends: backendsOf((n) => n.osmandPort),
      log: log('osmand-balancer'),
    }),
  );

  const startNode = (node: NodePlan): NamedProcess => {
    // The first node migrates the database and seeds the demo on a first run, as `pnpm start` does.
    const entry = node.index === 1 ? [START_ENTRY, '--no-sim', ...demoArgs(options)] : [NODE_ENTRY];
    const started = spawnNamed({
      name: node.name,
      args: ['--import', 'tsx', ...entry],
      env: nodeEnvironment(plan, node, process.env),
      prefixOutput: true,
    });
    running.nodes.push(started);
    void started.exited.then((exit) => {
      if (stopping) return;
      const left = running.nodes.filter(isRunning).length;
      console.log(
        `[cluster] ${node.name} (pid ${started.child.pid ?? '-'}) ended: ${describeExit(exit)}; ` +
          `${left} node${left === 1 ? '' : 's'} still running`,
      );
      if (left === 0) stop('no node is running', 1);
    });
    return started;
  };
  const untilAnswering = (node: NodePlan, named: NamedProcess) =>
    waitUntilAnswering(`http://${host}:${node.port}/healthz`, named, abort.signal);

  try {
    const [first, ...others] = plan.nodes;
    console.log(`[cluster] starting ${first!.name} (migrations and, on a first run, the demo)`);
    await untilAnswering(first!, startNode(first!));
    if (others.length > 0)
      console.log(`[cluster] starting ${others.map((n) => n.name).join(', ')}`);
    await Promise.all(others.map((node) => untilAnswering(node, startNode(node))));
  } catch (err) {
    if (!stopping) {
      console.error(`[cluster] ${(err as Error).message}`);
      stop('a node did not start', 1);
    }
    return;
  }

  const credentials = readDemoCredentials(resolve(plan.dataDir));
  if (options.sim && credentials) {
    running.simulator = startSimulator(plan, host, options.seed, credentials.admin);
  }
  const pids = new Map(running.nodes.map((n) => [n.name, n.child.pid]));
  console.log(
    clusterBanner({
      plan,
      host,
      pids,
      credentials,
      simulatorRunning: running.simulator !== null,
    }),
  );
}

/** The fleet simulator against the balancer, as `pnpm start` runs it against its server. */
function startSimulator(
  plan: ClusterPlan,
  host: string,
  seed: number,
  admin: { email: string; password: string },
): NamedProcess {
  const url = `http://${host}:${plan.port}`;
  const simulator = spawnNamed({
    name: 'sim',
    args: ['--import', 'tsx', SIMULATOR_ENTRY, '--server', url, '--seed', String(seed)],
    env: { ...process.env, SIM_EMAIL: admin.email, SIM_PASSWORD: admin.password },
    // Its lines carry `[sim]` already.
    prefixOutput: false,
  });
  void simulator.exited.then((exit) => {
    if (exit.code) console.log(`[cluster] simulator ended: ${describeExit(exit)}`);
  });
  return simulator;
}

function demoArgs(options: ClusterOptions): string[] {
  return [
    '--couriers',
    String(options.couriers),
    '--stops',
    String(options.stops),
    '--seed',
    String(options.seed),
  ];
}

/** The simulator first (its pings still reach a node), then every node at once, then the balancers. */
async function stopAll(running: Running): Promise<void> {
  if (running.simulator) await stopGracefully(running.simulator, SIMULATOR_GRACE_MS);
  const exits = await Promise.all(
    running.nodes.map(async (node) => ({
      node,
      exit: await stopGracefully(node, NODE_GRACE_MS),
    })),
  );
  for (const { node, exit } of exits) {
    console.log(`[cluster] ${node.name} stopped (${describeExit(exit)})`);
  }
  await Promise.all(running.balancers.map((balancer) => balancer.close()));
}

main().catch((err: unknown) => {
  console.error(`[cluster] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

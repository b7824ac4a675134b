import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { BenchDatabase } from './bench-db';
import { BenchChild } from './children';
import type { TargetReport, TargetRequest } from './messages';
import { readSystemMetrics, type SystemMetrics } from './server-metrics';

export type Server = BenchChild<TargetReport, TargetRequest>;

/** One node of the run over the measured window. */
export interface NodeFigures {
  cpuPercent: number;
  rssMiB: number;
  eventLoopP99Ms: number;
  pingsStoredPerS: number;
}

/** The server nodes over the measured window (one node unless the run is a cluster). */
export interface ServerFigures {
  /** Summed over the nodes. */
  cpuPercent: number;
  rssMiB: number;
  /** The worst node's. */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  pgCpuPercent: number;
  /** Redis's CPU over the window, % of one core; NaN without Redis. */
  redisCpuPercent: number;
  pingsStoredPerS: number;
  /** Share of the window spent computing proposals, % of one core (NaN when not exported). */
  proposalBusyPercent: number;
  proposalQueueAtEnd: number;
  nodes: NodeFigures[];
}

interface NodeSample {
  metrics: SystemMetrics;
  cpuMicros: number;
  rssBytes: number;
}

/** Every node, the database and Redis at one instant. */
export interface Sample {
  atMs: number;
  nodes: NodeSample[];
  pgMicros: number;
  redisMicros: number;
}

/** The nodes of one run: their processes and URLs, and Redis when they form a cluster. */
export class FleetServers {
  private constructor(
    readonly servers: Server[],
    readonly urls: string[],
    private readonly db: BenchDatabase,
    private readonly redis: Redis | null,
  ) {}

  /**
   * Starts `count` server processes on `db`: alone without `redisUrl`, else as nodes of one
   * cluster named `clusterName` on that Redis. `track` is given each process as it starts, so the
   * caller stops it even when a later one fails.
   */
  static async start(options: {
    count: number;
    env: Record<string, string | undefined>;
    db: BenchDatabase;
    redisUrl: string;
    clusterName: string;
    track: (server: Server) => void;
  }): Promise<FleetServers> {
    const { count, redisUrl } = options;
    const servers: Server[] = [];
    const cluster = (k: number): Record<string, string> =>
      redisUrl
        ? { REDIS_URL: redisUrl, CLUSTER_NAME: options.clusterName, NODE_NAME: `bench-${k}` }
        : {};
    for (let k = 1; k <= count; k++) {
      const server: Server = BenchChild.start('./server-process.ts', {
        env: { ...options.env, ...options.db.env, ...cluster(k) },
      });
      options.track(server);
      servers.push(server);
    }
    const ports = await Promise.all(servers.map((s) => s.waitFor('listening', 180_000)));
    const urls = ports.map(({ port }) => `http://127.0.0.1:${port}`);
    const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1 }) : null;
    return new FleetServers(servers, urls, options.db, redis);
  }

  async sample(): Promise<Sample> {
    const nodes = await Promise.all(
      this.servers.map(async (server, k): Promise<NodeSample> => {
        const metrics = await readSystemMetrics(this.urls[k]!);
        const stats = await server.ask({ type: 'stats' }, 'stats', 60_000);
        return { metrics, ...stats };
      }),
    );
    const pgMicros = (await this.db.backendCpuMicros?.()) ?? NaN;
    const redisMicros = this.redis ? await redisCpuMicros(this.redis) : NaN;
    return { atMs: performance.now(), nodes, pgMicros, redisMicros };
  }

  /** Deletes the cluster's streams and keys from Redis (they are the run's only) and hangs up. */
  async close(clusterName: string): Promise<void> {
    if (!this.redis) return;
    try {
      const keys = await this.redis.keys(`${clusterName}*`);
      if (keys.length > 0) await this.redis.del(...keys);
    } finally {
      this.redis.disconnect();
    }
  }

  /** `--profile-dir`: V8 CPU profiles of the first node (child-ipc's profiler), or nothing. */
  profiler(dir: string, label: string) {
    const server = this.servers[0]!;
    const file = (part: string) =>
      join(dir, `server-${label.replace(/[^\w]+/g, '-')}-${part}.cpuprofile`);
    return {
      start: async () => {
        if (dir) await server.ask({ type: 'profile-start' }, 'profile-started');
      },
      save: async (part: string) => {
        if (dir)
          await server.ask({ type: 'profile-stop', path: file(part) }, 'profile-saved', 60_000);
      },
    };
  }
}

/** Redis's own CPU time (user + system), µs, from `INFO cpu`. */
async function redisCpuMicros(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
}

/** The window between two samples, summed over the nodes where that is what a reader wants. */
export function serverFigures(before: Sample, after: Sample): ServerFigures {
  const seconds = (after.atMs - before.atMs) / 1000;
  const percent = (micros: number) => (micros / 1e6 / seconds) * 100;
  const nodes = after.nodes.map((end, k): NodeFigures => {
    const start = before.nodes[k]!;
    return {
      cpuPercent: percent(end.cpuMicros - start.cpuMicros),
      rssMiB: end.rssBytes / 2 ** 20,
      eventLoopP99Ms: end.metrics.eventLoopP99Ms,
      pingsStoredPerS: (end.metrics.pingsStored - start.metrics.pingsStored) / seconds,
    };
  });
  const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
  const metric = (name: 'proposalBusySeconds' | 'proposalQueue', of: Sample) =>
    sum(of.nodes.map((n) => n.metrics[name]));
  return {
    cpuPercent: sum(nodes.map((n) => n.cpuPercent)),
    rssMiB: sum(nodes.map((n) => n.rssMiB)),
    eventLoopP99Ms: Math.max(...nodes.map((n) => n.eventLoopP99Ms)),
    eventLoopMaxMs: Math.max(...after.nodes.map((n) => n.metrics.eventLoopMaxMs)),
    pgCpuPercent: percent(after.pgMicros - before.pgMicros),
    redisCpuPercent: percent(after.redisMicros - before.redisMicros),
    pingsStoredPerS: sum(nodes.map((n) => n.pingsStoredPerS)),
    proposalBusyPercent:
      ((metric('proposalBusySeconds', after) - metric('proposalBusySeconds', before)) / seconds) *
      100,
    proposalQueueAtEnd: metric('proposalQueue', after),
    nodes,
  };
}

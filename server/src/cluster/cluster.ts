import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { AnyDomainEvent, DomainBus } from '../events/bus';
import { soleOwner, type HubOwnership } from './hub-ownership';
import { StreamRelay } from './stream-relay';
import { leaseFence, NO_FENCE, type Fence } from './fence';
import { LeaseKeeper } from './lease-keeper';
import { sqlLeaseStore } from './lease-store';
import { redisDeviceClaims, type DeviceClaims } from './device-claims';
import type { Sql } from '../db/client';

type Log = {
  info: (o: object, msg: string) => void;
  error: (o: object, msg: string) => void;
};

/** Entries each cluster stream keeps (about): minutes of events, seconds of fixes at full load. */
const BUS_STREAM_LEN = 10_000;
const FIX_STREAM_LEN = 100_000;

/**
 * This server among the others: alone (no `REDIS_URL`), or one node of a cluster sharing one
 * PostgreSQL and one Redis. In a cluster, console and device pushes reach every node through
 * the Socket.IO Redis streams adapter, domain events and committed fixes are relayed over Redis
 * streams so every node keeps the whole live picture, and hub ownership decides which node runs
 * each hub's owner-only work.
 */
export interface Cluster {
  readonly node: string;
  /** Whether other nodes may exist (REDIS_URL set). */
  readonly clustered: boolean;
  readonly ownership: HubOwnership;
  /** What writes of owner-only state check: the lease's token in a cluster, nothing alone. */
  readonly fence: Fence;
  /** Starts taking and renewing hub leases (once every owner-only service listens). */
  startLeases(): void;
  /** Hands this node's hubs over at once (SIGTERM): owner-only work stops here. */
  drain(): Promise<void>;
  /** Which connection serves each device across the nodes; null alone (one node serves all). */
  readonly deviceClaims: DeviceClaims | null;
  /** Puts Socket.IO's pushes through Redis (a no-op alone). */
  attachSockets(io: Server): void;
  /**
   * Relays this node's domain events and committed fixes (a batch in the JSON form the caller
   * chooses) to the others, and theirs to the bus and `remoteFixes`; returns the publisher of
   * this node's batches (a no-op alone).
   */
  relay<F>(bus: DomainBus, remoteFixes: (batch: F) => void): (batch: F) => void;
  /** Null when Redis answers (or there is none); else why not. */
  notReady(): Promise<string | null>;
  close(): Promise<void>;
}

/** The node's name: NODE_NAME, else the host name and process id. */
export function nodeName(configured: string | undefined): string {
  return configured ?? `${hostname()}-${process.pid}`;
}

/** Alone, or connected to the cluster's Redis (failing fast when it does not answer). */
export async function openCluster(
  config: {
    REDIS_URL?: string | undefined;
    NODE_NAME?: string | undefined;
    CLUSTER_NAME: string;
    LEASE_TTL_S: number;
  },
  db: Sql,
  log: Log,
): Promise<Cluster> {
  const node = nodeName(config.NODE_NAME);
  if (!config.REDIS_URL) return alone(node);
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', (err: unknown) => log.error({ err }, 'redis connection error'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`REDIS_URL: Redis does not answer (${(err as Error).message})`, {
      cause: err,
    });
  }
  log.info({ node, cluster: config.CLUSTER_NAME }, 'joined the cluster');
  const key = (name: string) => `${config.CLUSTER_NAME}:${name}`;
  const relays: StreamRelay<unknown>[] = [];
  const keeper = new LeaseKeeper({
    store: sqlLeaseStore(db),
    node,
    ttlMs: config.LEASE_TTL_S * 1000,
    log,
  });
  return {
    node,
    clustered: true,
    ownership: keeper,
    fence: leaseFence(keeper),
    startLeases: () => keeper.start(),
    drain: () => keeper.drain(),
    deviceClaims: redisDeviceClaims(redis, key('device:')),
    attachSockets(io) {
      io.adapter(
        createAdapter(redis, {
          streamName: key('sockets'),
          sessionKeyPrefix: key('session:'),
        }),
      );
    },
    relay(bus, remoteFixes) {
      const events = new StreamRelay<AnyDomainEvent>(redis, {
        stream: key('events'),
        node,
        maxLen: BUS_STREAM_LEN,
        onRemote: (event) => bus.emitRemote(event),
        log,
      });
      const fixes = new StreamRelay<Parameters<typeof remoteFixes>[0]>(redis, {
        stream: key('fixes'),
        node,
        maxLen: FIX_STREAM_LEN,
        onRemote: remoteFixes,
        log,
      });
      relays.push(events as StreamRelay<unknown>, fixes as StreamRelay<unknown>);
      bus.relayTo((event) => events.publish(event));
      events.start();
      fixes.start();
      return (batch) => fixes.publish(batch);
    },
    async notReady() {
      if (redis.status !== 'ready') return `redis: ${redis.status}`;
      try {
        await redis.ping();
        return null;
      } catch (err) {
        return `redis: ${(err as Error).message}`;
      }
    },
    async close() {
      await keeper.stop();
      await Promise.all(relays.map((r) => r.stop()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function alone(node: string): Cluster {
  return {
    node,
    clustered: false,
    ownership: soleOwner(node),
    fence: NO_FENCE,
    startLeases: () => undefined,
    drain: async () => undefined,
    deviceClaims: null,
    attachSockets: () => undefined,
    relay: () => () => undefined,
    notReady: async () => null,
    close: async () => undefined,
  };
}

import type { Redis } from 'ioredis';

/**
 * Which connection serves each device across a cluster's nodes (`holder`: node and socket). A
 * device is served by one connection at a time: its latest.
 */
export interface DeviceClaims {
  claim(courierId: number, holder: string): Promise<void>;
  holds(courierId: number, holder: string): Promise<boolean>;
  /** Gives the claim up, unless a newer connection holds it. */
  release(courierId: number, holder: string): Promise<void>;
}

/** A claim outlives a node that died holding it by this long at most (a device reconnects sooner). */
const CLAIM_TTL_S = 24 * 3600;

/** Deletes the claim only while it still names the holder (a newer connection keeps its own). */
const RELEASE_IF_HELD = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/**
 * Which connection serves each device in the cluster, in Redis: `<prefix><courierId>` names the
 * node and socket of the device's latest connection. The last claim wins.
 */
export function redisDeviceClaims(redis: Redis, prefix: string): DeviceClaims {
  const key = (courierId: number) => `${prefix}${courierId}`;
  return {
    async claim(courierId, holder) {
      await redis.set(key(courierId), holder, 'EX', CLAIM_TTL_S);
    },
    async holds(courierId, holder) {
      return (await redis.get(key(courierId))) === holder;
    },
    async release(courierId, holder) {
      await redis.eval(RELEASE_IF_HELD, 1, key(courierId), holder);
    },
  };
}

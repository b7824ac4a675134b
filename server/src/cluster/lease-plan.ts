/** A hub's lease as the planner sees it: who holds it, and whether it has run out. */
export interface LeaseView {
  hubId: number;
  owner: string;
  /** Past `expires_at` (or released): anyone may claim it. */
  expired: boolean;
}

/** What one node knows at the start of a round. */
export interface LeasePlanInput {
  /** This node's name. */
  node: string;
  /** Whether this node is draining: it then claims nothing and releases everything. */
  draining: boolean;
  /** Nodes whose heartbeat is within the lease time and that are not draining. */
  liveNodes: readonly string[];
  /** Every hub. */
  hubIds: readonly number[];
  /** The leases there are; a hub without one is unowned. */
  leases: readonly LeaseView[];
}

/** The hubs to claim and to release this round. */
export interface LeasePlan {
  claim: number[];
  release: number[];
}

/**
 * Decides this node's moves for one round. Each node keeps up to its fair share,
 * ceil(hubs / nodes), and claims free hubs while under it, preferring the hubs that rendezvous
 * hashing gives it so that nodes rarely try for the same ones. While some live node holds fewer
 * than floor(hubs / nodes), each node holding the most (and more than the floor) hands one hub
 * back per round; otherwise nothing moves, so the leases settle instead of going back and forth.
 * (Above the floor rather than above the share: with 10 hubs on 3 nodes, 4 + 4 + 2 has nobody
 * over the share of 4, yet the third node is short.)
 */
export function planLeases(input: LeasePlanInput): LeasePlan {
  const { node, hubIds } = input;
  const hubs = new Set(hubIds);
  const leases = input.leases.filter((lease) => hubs.has(lease.hubId));
  const mine = leases.filter((l) => !l.expired && l.owner === node).map((l) => l.hubId);
  if (input.draining) return { claim: [], release: mine };

  const live = [...new Set([...input.liveNodes, node])];
  const share = Math.ceil(hubs.size / live.length);
  const floor = Math.floor(hubs.size / live.length);

  if (mine.length > floor) {
    const held = [...heldByNode(leases, live).values()];
    const someoneShort = held.some((count) => count < floor);
    const largest = held.every((count) => count <= mine.length);
    if (someoneShort && largest) {
      // The hub this node cares least about goes first.
      const [lowest] = byPreference(mine, node, live).reverse();
      return { claim: [], release: lowest === undefined ? [] : [lowest] };
    }
  }

  if (mine.length >= share) return { claim: [], release: [] };
  const taken = new Set(leases.filter((l) => !l.expired).map((l) => l.hubId));
  const free = [...hubs].filter((hubId) => !taken.has(hubId));
  const claim = byPreference(free, node, live).slice(0, share - mine.length);
  return { claim, release: [] };
}

/** Unexpired leases per live node (live nodes holding none count as zero). */
function heldByNode(leases: readonly LeaseView[], live: readonly string[]): Map<string, number> {
  const held = new Map(live.map((name) => [name, 0]));
  for (const lease of leases) {
    const count = held.get(lease.owner);
    if (!lease.expired && count !== undefined) held.set(lease.owner, count + 1);
  }
  return held;
}

/**
 * Hubs in the order this node wants them: first those where it ranks highest among the live
 * nodes by rendezvous hash (the hubs no other node prefers over it), then by its own hash.
 */
function byPreference(hubIds: readonly number[], node: string, live: readonly string[]): number[] {
  const keyed = hubIds.map((hubId) => {
    const own = rendezvousScore(hubId, node);
    const rank = live.filter((other) => other !== node && rendezvousScore(hubId, other) > own);
    return { hubId, rank: rank.length, own };
  });
  keyed.sort((a, b) => a.rank - b.rank || b.own - a.own || a.hubId - b.hubId);
  return keyed.map((k) => k.hubId);
}

/** A stable pseudo-random weight of (hub, node): FNV-1a with a murmur3 finaliser, 0..2^32. */
export function rendezvousScore(hubId: number, node: string): number {
  const text = `${hubId}\u0000${node}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

import { describe, expect, it } from 'vitest';
import { planLeases, type LeasePlan, type LeaseView } from './lease-plan';

const hubRange = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** Leases as a map hub → owner; everything unexpired. */
type Owners = Map<number, string>;

const views = (owners: Owners, expiredOwners: readonly string[] = []): LeaseView[] =>
  [...owners].map(([hubId, owner]) => ({ hubId, owner, expired: expiredOwners.includes(owner) }));

const plan = (node: string, live: readonly string[], hubIds: number[], owners: Owners) =>
  planLeases({ node, draining: false, liveNodes: live, hubIds, leases: views(owners) });

/** Applies one node's plan the way the store would: a claim succeeds only on a free hub. */
function apply(node: string, moves: LeasePlan, owners: Owners): void {
  for (const hubId of moves.release) if (owners.get(hubId) === node) owners.delete(hubId);
  for (const hubId of moves.claim) if (!owners.has(hubId)) owners.set(hubId, node);
}

/** Runs `rounds` rounds, each node planning and applying in turn; returns every round's moves. */
function runRounds(live: readonly string[], hubIds: number[], owners: Owners, rounds: number) {
  const history: LeasePlan[][] = [];
  for (let round = 0; round < rounds; round++) {
    history.push(
      live.map((node) => {
        const moves = plan(node, live, hubIds, owners);
        apply(node, moves, owners);
        return moves;
      }),
    );
  }
  return history;
}

const counts = (owners: Owners, live: readonly string[]) =>
  live.map((node) => [...owners.values()].filter((owner) => owner === node).length);

describe('planning leases', () => {
  it('gives a node alone every hub', () => {
    const moves = plan('a', ['a'], hubRange(5), new Map());
    expect(moves.claim.sort()).toEqual(hubRange(5));
    expect(moves.release).toEqual([]);
  });

  it('splits 4 hubs 2 and 2 between two nodes', () => {
    const owners: Owners = new Map();
    runRounds(['a', 'b'], hubRange(4), owners, 3);
    expect(counts(owners, ['a', 'b'])).toEqual([2, 2]);
  });

  it('splits 10 hubs 4, 3 and 3 between three nodes', () => {
    const owners: Owners = new Map();
    runRounds(['a', 'b', 'c'], hubRange(10), owners, 4);
    expect(counts(owners, ['a', 'b', 'c']).sort()).toEqual([3, 3, 4]);
    expect(owners.size).toBe(10);
  });

  it('lets a joining node take its share over a few rounds, one hub a round', () => {
    const hubIds = hubRange(6);
    const owners: Owners = new Map(hubIds.map((hubId) => [hubId, 'a']));
    const history = runRounds(['a', 'b'], hubIds, owners, 5);
    expect(counts(owners, ['a', 'b'])).toEqual([3, 3]);
    for (const [movesA] of history) expect(movesA!.release.length).toBeLessThanOrEqual(1);
  });

  it('claims the hubs of a dead node once its leases expire', () => {
    const hubIds = hubRange(6);
    const owners: Owners = new Map(hubIds.map((hubId) => [hubId, ['a', 'b', 'c'][hubId % 3]!]));
    const moves = planLeases({
      node: 'a',
      draining: false,
      liveNodes: ['a', 'b'],
      hubIds,
      leases: views(owners, ['c']),
    });
    expect(moves.claim).toHaveLength(1);
    expect(owners.get(moves.claim[0]!)).toBe('c');
  });

  it('moves nothing when the hubs are balanced', () => {
    const hubIds = hubRange(7);
    const live = ['a', 'b', 'c'];
    const owners: Owners = new Map(hubIds.map((hubId) => [hubId, live[hubId % 3]!]));
    for (const node of live)
      expect(plan(node, live, hubIds, owners)).toEqual({ claim: [], release: [] });
  });

  it('settles every mix of 1 to 4 nodes and 0 to 12 hubs within one hub of even, then stays', () => {
    const names = ['a', 'b', 'c', 'd'];
    for (let nodes = 1; nodes <= 4; nodes++) {
      for (let hubs = 0; hubs <= 12; hubs++) {
        const live = names.slice(0, nodes);
        const owners: Owners = new Map();
        runRounds(live, hubRange(hubs), owners, hubs + 2);
        const held = counts(owners, live);
        expect(owners.size).toBe(hubs);
        expect(Math.max(...held) - Math.min(...held)).toBeLessThanOrEqual(1);
        const last = runRounds(live, hubRange(hubs), owners, 1)[0]!;
        expect(last.every((moves) => moves.claim.length + moves.release.length === 0)).toBe(true);
      }
    }
  });

  it('keeps more than the share while nobody is below the floor', () => {
    // 5 hubs over 3 nodes: share 2, floor 1; 3 + 1 + 1 leaves nobody short.
    const owners: Owners = new Map([
      [1, 'a'],
      [2, 'a'],
      [3, 'a'],
      [4, 'b'],
      [5, 'c'],
    ]);
    expect(plan('a', ['a', 'b', 'c'], hubRange(5), owners)).toEqual({ claim: [], release: [] });
  });

  it('does not claim a hub another node holds unexpired, even a node no longer live', () => {
    const owners: Owners = new Map([[1, 'gone']]);
    expect(plan('a', ['a'], hubRange(2), owners).claim).toEqual([2]);
  });

  it('claims again its own expired leases', () => {
    const moves = planLeases({
      node: 'a',
      draining: false,
      liveNodes: ['a'],
      hubIds: [1],
      leases: [{ hubId: 1, owner: 'a', expired: true }],
    });
    expect(moves.claim).toEqual([1]);
  });

  it('has a draining node release everything and claim nothing', () => {
    const owners: Owners = new Map([
      [1, 'a'],
      [2, 'a'],
    ]);
    const moves = planLeases({
      node: 'a',
      draining: true,
      liveNodes: ['b'],
      hubIds: hubRange(4),
      leases: views(owners),
    });
    expect(moves).toEqual({ claim: [], release: [1, 2] });
  });

  it('sends nodes starting together after mostly different hubs', () => {
    const hubIds = hubRange(100);
    const live = ['node-a', 'node-b', 'node-c', 'node-d'];
    const firstClaims = live.map((node) => plan(node, live, hubIds, new Map()).claim);
    const claimed = firstClaims.flat();
    expect(firstClaims.every((claim) => claim.length === 25)).toBe(true);
    // Each node wants the hubs it ranks first for; only the overflow past 25 overlaps.
    expect(new Set(claimed).size).toBeGreaterThan(85);
  });
});

import type { HubOwnership, OwnershipListener } from '../../server/src/cluster/hub-ownership';

/**
 * Hub ownership a test hands out (`gain`) and takes back (`lose`), telling the listeners as a
 * lease keeper does; a hub counts as owned from the moment it is gained.
 */
export function handoverOwnership(owned: readonly number[]) {
  const hubs = new Set(owned);
  const listeners = new Set<OwnershipListener>();
  const ownership: HubOwnership = {
    node: 'node-a',
    owns: (hubId) => hubs.has(hubId),
    token: (hubId) => (hubs.has(hubId) ? 1 : null),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    ownership,
    gain(hubId: number) {
      hubs.add(hubId);
      for (const l of listeners) l.gained(hubId, 1);
    },
    lose(hubId: number) {
      hubs.delete(hubId);
      for (const l of listeners) l.lost(hubId);
    },
  };
}

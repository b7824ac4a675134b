import type { RoutePayload } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { SelectedRoute } from './route.svelte';

function route(courierId: number, version: number): RoutePayload {
  return {
    courierId,
    version,
    stops: [
      {
        id: 2,
        seq: 2,
        kind: 'delivery',
        status: 'assigned',
        lat: 0,
        lng: 0,
        address: 'B',
        orderRef: null,
        windowStart: 0,
        windowEnd: 1,
        serviceSeconds: 60,
        eta: null,
      },
      {
        id: 1,
        seq: 1,
        kind: 'delivery',
        status: 'delivered',
        lat: 0,
        lng: 0,
        address: 'A',
        orderRef: null,
        windowStart: 0,
        windowEnd: 1,
        serviceSeconds: 60,
        eta: null,
      },
    ],
  };
}

/** A loader whose answers the test releases one by one. */
function controlledLoader() {
  const calls: { courierId: number; resolve: (r: RoutePayload) => void }[] = [];
  const load = (courierId: number) =>
    new Promise<RoutePayload>((resolve) => calls.push({ courierId, resolve }));
  return { load, calls };
}

describe('SelectedRoute', () => {
  test('shows the remaining stops of the chosen courier in sequence', async () => {
    const state = new SelectedRoute(async (id) => route(id, 3));
    await state.show(7);
    expect(state.route?.version).toBe(3);
    expect(state.remaining.map((s) => s.id)).toEqual([2]);
  });

  test('a slow answer for a courier no longer shown is dropped', async () => {
    const { load, calls } = controlledLoader();
    const state = new SelectedRoute(load);
    const first = state.show(1);
    const second = state.show(2);
    calls[1]!.resolve(route(2, 1));
    calls[0]!.resolve(route(1, 1));
    await Promise.all([first, second]);
    expect(state.route?.courierId).toBe(2);
  });

  test('a route change is fetched only when it is newer than the route shown', async () => {
    let loads = 0;
    const state = new SelectedRoute(async (id) => {
      loads++;
      return route(id, 5);
    });
    await state.show(1);
    await state.onRouteChanged({ courierId: 1, version: 5 });
    await state.onRouteChanged({ courierId: 2, version: 9 });
    expect(loads).toBe(1);
    await state.onRouteChanged({ courierId: 1, version: 6 });
    expect(loads).toBe(2);
  });

  test('a failed load keeps the error to show', async () => {
    const state = new SelectedRoute(async () => {
      throw new Error('courier 1 does not exist');
    });
    await state.show(1);
    expect(state.error).toBe('courier 1 does not exist');
    expect(state.loading).toBe(false);
  });
});

describe('SelectedRoute and stop changes', () => {
  test('a change to a stop on the route shown fetches it again', async () => {
    let loads = 0;
    const state = new SelectedRoute(async (id) => {
      loads++;
      return route(id, 1);
    });
    await state.show(1);
    await state.onStopsChanged([{ id: 99 }]);
    expect(loads).toBe(1);
    await state.onStopsChanged([{ id: 2 }]);
    expect(loads).toBe(2);
  });
});

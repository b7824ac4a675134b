import { describe, expect, test } from 'vitest';
import type { RoutePayload, SuggestionView } from '@dispatch/shared';
import { PreviewRoutes } from './preview-routes.svelte';

const suggestion = (id: number, from: number | null, to: number | null): SuggestionView => ({
  id,
  kind: 'late_risk',
  stopIds: [5],
  fromCourierId: from,
  toCourierId: to,
  fromRouteVersion: 1,
  toRouteVersion: 1,
  insertPosition: 1,
  score: 1,
  explanation: '',
  status: 'open',
  createdAt: 0,
});
const route = (courierId: number): RoutePayload => ({ courierId, version: 1, stops: [] });

describe('PreviewRoutes', () => {
  test('fetches the losing and the receiving route', async () => {
    const asked: number[] = [];
    const routes = new PreviewRoutes((id) => (asked.push(id), Promise.resolve(route(id))));
    await routes.show(suggestion(9, 1, 2));
    expect(asked).toEqual([1, 2]);
    expect(routes.loaded).toMatchObject({
      suggestionId: 9,
      from: { courierId: 1 },
      to: { courierId: 2 },
    });
  });

  test('a re-sequence fetches its one route once', async () => {
    const asked: number[] = [];
    const routes = new PreviewRoutes((id) => (asked.push(id), Promise.resolve(route(id))));
    await routes.show(suggestion(9, 3, 3));
    expect(asked).toEqual([3]);
    expect(routes.loaded?.to).toBe(routes.loaded?.from);
  });

  test('a route that cannot be fetched is left out', async () => {
    const routes = new PreviewRoutes((id) =>
      id === 1 ? Promise.reject(new Error('gone')) : Promise.resolve(route(id)),
    );
    await routes.show(suggestion(9, 1, 2));
    expect(routes.loaded).toMatchObject({ from: null, to: { courierId: 2 } });
  });

  test('an answer for an earlier selection is dropped', async () => {
    let release: (r: RoutePayload) => void = () => {};
    const slow = new Promise<RoutePayload>((resolve) => (release = resolve));
    const routes = new PreviewRoutes((id) => (id === 1 ? slow : Promise.resolve(route(id))));
    const first = routes.show(suggestion(9, 1, null));
    await routes.show(suggestion(10, 4, null));
    release(route(1));
    await first;
    expect(routes.loaded?.suggestionId).toBe(10);
  });

  test('no selection clears the preview', async () => {
    const routes = new PreviewRoutes((id) => Promise.resolve(route(id)));
    await routes.show(suggestion(9, 1, 2));
    await routes.show(null);
    expect(routes.loaded).toBeNull();
  });
});

import { describe, expect, test } from 'vitest';
import type { RoutePath } from '@dispatch/shared';
import { MIN_REFETCH_MS, SelectedRoutePath } from './route-path.svelte';

function pathFrom(courierId: number, start: { lat: number; lng: number }): RoutePath {
  return {
    courierId,
    version: 1,
    shape: 'streets',
    legs: [
      {
        fromStopId: null,
        toStopId: 5,
        shape: 'streets',
        geometry: {
          type: 'LineString',
          coordinates: [
            [start.lng, start.lat],
            [start.lng + 0.01, start.lat],
          ],
        },
      },
    ],
    stopsLeftOut: 0,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  let now = 1_000_000;
  const asked: number[] = [];
  const paths = new SelectedRoutePath(
    (courierId) => {
      asked.push(courierId);
      return Promise.resolve(pathFrom(courierId, { lat: 0, lng: 0 }));
    },
    () => now,
  );
  return { paths, asked, advance: (ms: number) => (now += ms) };
}

const route = (courierId: number, version = 1, stopIds = [5, 6]) => ({
  courierId,
  version,
  stopIds,
});

describe('SelectedRoutePath', () => {
  test('fetches the legs once per courier, version and open stops', async () => {
    const { paths, asked } = setup();
    paths.follow(route(1), { lat: 0, lng: 0 });
    paths.follow(route(1), { lat: 0, lng: 0 });
    await flush();
    expect(asked).toEqual([1]);
    expect(paths.pathFor(1)?.courierId).toBe(1);
    paths.follow(route(1, 2), { lat: 0, lng: 0 });
    paths.follow(route(1, 2, [6]), { lat: 0, lng: 0 });
    expect(asked).toEqual([1, 1, 1]);
  });

  test('has nothing for another courier than the one fetched', async () => {
    const { paths } = setup();
    paths.follow(route(1), null);
    await flush();
    expect(paths.pathFor(2)).toBeNull();
  });

  test('fetches again once the courier moved away from its first leg, at most every few seconds', async () => {
    const { paths, asked, advance } = setup();
    paths.follow(route(1), { lat: 0, lng: 0 });
    await flush();
    const away = { lat: 0.01, lng: 0 }; // ~1.1 km north
    paths.follow(route(1), away);
    expect(asked).toEqual([1]);
    advance(MIN_REFETCH_MS);
    paths.follow(route(1), { lat: 0.0005, lng: 0 }); // ~55 m: close enough
    expect(asked).toEqual([1]);
    paths.follow(route(1), away);
    expect(asked).toEqual([1, 1]);
  });

  test('keeps the answer of the latest request only', async () => {
    const answers: ((path: RoutePath) => void)[] = [];
    const paths = new SelectedRoutePath(
      () => new Promise<RoutePath>((resolve) => answers.push(resolve)),
    );
    paths.follow(route(1), null);
    paths.follow(route(2), null);
    answers[1]!(pathFrom(2, { lat: 0, lng: 0 }));
    answers[0]!(pathFrom(1, { lat: 0, lng: 0 }));
    await flush();
    expect(paths.pathFor(2)).not.toBeNull();
    expect(paths.pathFor(1)).toBeNull();
  });

  test('stays without a path when the server cannot answer', async () => {
    const paths = new SelectedRoutePath(() => Promise.reject(new Error('404')));
    paths.follow(route(1), null);
    await flush();
    expect(paths.pathFor(1)).toBeNull();
  });
});

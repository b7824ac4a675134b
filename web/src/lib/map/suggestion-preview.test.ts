import { describe, expect, test } from 'vitest';
import type { RoutePayload, RouteStop } from '@dispatch/shared';
import { receivingOrder, suggestionPreview, type PreviewPlaces } from './suggestion-preview';

function routeStop(id: number, seq: number, overrides: Partial<RouteStop> = {}): RouteStop {
  return {
    id,
    seq,
    kind: 'delivery',
    status: 'assigned',
    lat: -20 - id / 100,
    lng: -54 - id / 100,
    address: `${id} Rua`,
    orderRef: null,
    windowStart: 0,
    windowEnd: 1,
    serviceSeconds: 60,
    eta: null,
    ...overrides,
  };
}

const route = (courierId: number, stops: RouteStop[]): RoutePayload => ({
  courierId,
  version: 3,
  stops,
});

const places: PreviewPlaces = {
  courierAt: (id) => ({ lat: id, lng: -id }),
  stopAt: () => undefined,
};

describe('receivingOrder', () => {
  const to = route(2, [routeStop(21, 1), routeStop(22, 2), routeStop(23, 3)]);

  test('inserts the moved stops at the 1-based position', () => {
    expect(receivingOrder(to, [5, 6], 2)).toEqual([21, 5, 6, 22, 23]);
    expect(receivingOrder(to, [5], 1)).toEqual([5, 21, 22, 23]);
  });

  test('appends when there is no position or it is past the end', () => {
    expect(receivingOrder(to, [5], null)).toEqual([21, 22, 23, 5]);
    expect(receivingOrder(to, [5], 9)).toEqual([21, 22, 23, 5]);
  });

  test('a re-sequence takes the stop out of its old place first', () => {
    expect(receivingOrder(to, [23], 1)).toEqual([23, 21, 22]);
  });

  test('closed stops are not on the route', () => {
    const withDone = route(2, [routeStop(20, 1, { status: 'delivered' }), routeStop(21, 2)]);
    expect(receivingOrder(withDone, [5], 1)).toEqual([5, 21]);
  });
});

describe('suggestionPreview', () => {
  const from = route(1, [routeStop(11, 1), routeStop(5, 2), routeStop(12, 3)]);
  const to = route(2, [routeStop(21, 1), routeStop(22, 2)]);
  const suggestion = { stopIds: [5], fromCourierId: 1, toCourierId: 2, insertPosition: 2 };

  test('draws the losing route as it is, from where its courier is', () => {
    const preview = suggestionPreview(suggestion, { from, to }, places);
    const line = preview.features.find((f) => f.properties.role === 'from')!;
    expect(line.geometry.coordinates).toEqual([
      [-1, 1],
      [-54.11, -20.11],
      [-54.05, -20.05],
      [-54.12, -20.12],
    ]);
  });

  test('draws the receiving route with the moved stop inserted', () => {
    const preview = suggestionPreview(suggestion, { from, to }, places);
    const line = preview.features.find((f) => f.properties.role === 'to')!;
    expect(line.geometry.coordinates).toEqual([
      [-2, 2],
      [-54.21, -20.21],
      [-54.05, -20.05],
      [-54.22, -20.22],
    ]);
  });

  test('marks the moved stops, found on the console when no route holds them', () => {
    const preview = suggestionPreview(
      { stopIds: [7], fromCourierId: null, toCourierId: 2, insertPosition: null },
      { from: null, to },
      { ...places, stopAt: (id) => (id === 7 ? { lat: -20.7, lng: -54.7 } : undefined) },
    );
    expect(preview.features.map((f) => f.properties.role)).toEqual(['to', 'moved']);
    expect(preview.features[1]!.geometry.coordinates).toEqual([-54.7, -20.7]);
  });
});

import { describe, expect, test } from 'vitest';
import type { RouteLeg, RoutePath, RouteStop } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import type { TimelineEntry } from '../state/route-timeline';
import type { LngLat } from './geojson';
import { routeLabel, routeLine } from './route-overlay';

function entry(id: number, lng: number, state: TimelineEntry['state'] = 'on_time'): TimelineEntry {
  const stop: RouteStop = {
    id,
    seq: id,
    kind: 'delivery',
    status: state === 'done' ? 'delivered' : 'assigned',
    lat: 0,
    lng,
    address: '',
    orderRef: null,
    windowStart: 0,
    windowEnd: 1,
    serviceSeconds: 60,
    eta: null,
  };
  return { stop, arrival: null, estimated: false, state, minutesLate: null };
}

/** A leg that detours north by 0.0005° between its ends. */
function leg(fromStopId: number | null, toStopId: number, from: LngLat, to: LngLat): RouteLeg {
  return {
    fromStopId,
    toStopId,
    shape: 'streets',
    geometry: {
      type: 'LineString',
      coordinates: [from, [from[0], 0.0005], [to[0], 0.0005], to],
    },
  };
}

const path = (legs: RouteLeg[], shape: RoutePath['shape'] = 'streets'): RoutePath => ({
  courierId: 1,
  version: 1,
  shape,
  legs,
  stopsLeftOut: 0,
});

const coordinatesOf = (line: ReturnType<typeof routeLine>) =>
  line.features[0]?.geometry.coordinates ?? [];

describe('routeLine', () => {
  const entries = [entry(1, 0.001, 'done'), entry(2, 0.002), entry(3, 0.003)];

  test('goes straight from the courier through its open stops without a path', () => {
    expect(coordinatesOf(routeLine([0, 0], entries))).toEqual([
      [0, 0],
      [0.002, 0],
      [0.003, 0],
    ]);
  });

  test('follows the legs along the streets, from where the courier is now', () => {
    const legs = [leg(null, 2, [-0.0001, 0], [0.002, 0]), leg(2, 3, [0.002, 0], [0.003, 0])];
    expect(coordinatesOf(routeLine([0, 0], entries, path(legs)))).toEqual([
      [0, 0],
      [-0.0001, 0.0005],
      [0.002, 0.0005],
      [0.002, 0],
      [0.002, 0.0005],
      [0.003, 0.0005],
      [0.003, 0],
    ]);
  });

  test('goes straight where the legs are for other stops or left out', () => {
    // The path is for an older route (stop 4 instead of 3) and has no leg from the courier.
    const legs = [leg(2, 4, [0.002, 0], [0.004, 0])];
    expect(coordinatesOf(routeLine([0, 0], entries, path(legs)))).toEqual([
      [0, 0],
      [0.002, 0],
      [0.003, 0],
    ]);
    const onlyFirst = [leg(null, 2, [0, 0], [0.002, 0])];
    expect(coordinatesOf(routeLine([0, 0], entries, path(onlyFirst))).at(-1)).toEqual([0.003, 0]);
    expect(coordinatesOf(routeLine([0, 0], entries, path(onlyFirst)))).toHaveLength(5);
  });

  test('starts at the first open stop when the courier has no position', () => {
    const legs = [leg(null, 2, [0, 0], [0.002, 0]), leg(2, 3, [0.002, 0], [0.003, 0])];
    expect(coordinatesOf(routeLine(null, entries, path(legs)))).toEqual([
      [0.002, 0],
      [0.002, 0.0005],
      [0.003, 0.0005],
      [0.003, 0],
    ]);
  });

  test('draws nothing for fewer than two points', () => {
    expect(routeLine(null, [entry(2, 0.002)]).features).toEqual([]);
  });
});

describe('routeLabel', () => {
  const english = { t: translator('en', en, en), formatLocale: 'en-US' };
  const portuguese = { t: translator('pt-BR', ptBR, en), formatLocale: 'pt-BR' };

  test('a closed stop shows its number and how it ended', () => {
    expect(routeLabel(entry(3, 0, 'done'), english)).toBe('3 · done');
    expect(routeLabel(entry(3, 0, 'failed'), english)).toBe('3 · failed');
    expect(routeLabel(entry(3, 0, 'done'), portuguese)).toBe('3 · concluída');
  });

  test('an open stop shows its arrival, marked when estimated, and the minutes late', () => {
    expect(routeLabel(entry(2, 0), english)).toBe('2');
    const late = { ...entry(2, 0, 'late'), arrival: 0, estimated: true, minutesLate: 7 };
    expect(routeLabel(late, english)).toMatch(/^2 · ~\d{1,2}:\d{2}( [AP]M)? \+7′$/);
  });
});

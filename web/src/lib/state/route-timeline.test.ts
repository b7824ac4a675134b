import type { RouteStop } from '@dispatch/shared';
import { describe, expect, it, test } from 'vitest';
import {
  chainArrivals,
  routeTimeline,
  slaVerdict,
  timelineNote,
  type TimelineEntry,
} from './route-timeline';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';

const NOW = Date.UTC(2025, 0, 6, 12, 0);
const MIN = 60_000;

/** A stop `dLat` degrees north of the origin (0.009° ≈ 1 km), window [start, end] minutes from now. */
function stop(seq: number, overrides: Partial<RouteStop> = {}): RouteStop {
  return {
    id: seq,
    seq,
    kind: 'delivery',
    status: 'assigned',
    lat: 0,
    lng: 0,
    address: `${seq} Rua A`,
    orderRef: `O-${seq}`,
    windowStart: NOW - 60 * MIN,
    windowEnd: NOW + 60 * MIN,
    serviceSeconds: 0,
    eta: null,
    ...overrides,
  };
}

describe('slaVerdict', () => {
  test('an arrival well before the window end is on time, with minutes to spare', () => {
    expect(slaVerdict(stop(1), NOW + 20 * MIN, NOW)).toEqual({
      state: 'on_time',
      minutesLate: -40,
    });
  });

  test('an arrival within 10 minutes of the window end is at risk', () => {
    expect(slaVerdict(stop(1), NOW + 50 * MIN, NOW)).toEqual({
      state: 'at_risk',
      minutesLate: -10,
    });
  });

  test('an arrival after the window end is late by that many minutes', () => {
    expect(slaVerdict(stop(1), NOW + 75 * MIN, NOW)).toEqual({ state: 'late', minutesLate: 15 });
  });

  test('an open stop past its window end is late whatever its ETA says', () => {
    const past = stop(1, { windowEnd: NOW - 5 * MIN });
    expect(slaVerdict(past, NOW - 30 * MIN, NOW)).toEqual({ state: 'late', minutesLate: 5 });
  });

  test('delivered stops are done and failed ones failed', () => {
    expect(slaVerdict(stop(1, { status: 'delivered' }), null, NOW).state).toBe('done');
    expect(slaVerdict(stop(1, { status: 'failed' }), null, NOW).state).toBe('failed');
  });

  test('without an arrival time only the clock decides', () => {
    expect(slaVerdict(stop(1, { windowEnd: NOW + 5 * MIN }), null, NOW)).toEqual({
      state: 'at_risk',
      minutesLate: null,
    });
  });
});

describe('chainArrivals', () => {
  const origin = { lat: 0, lng: 0 };
  const oneKmNorth = 1000 / 111_195; // degrees of latitude per km on the haversine sphere

  test('travel time is distance × circuity / speed from the courier', () => {
    const [arrival] = chainArrivals([stop(1, { lat: oneKmNorth })], {
      now: NOW,
      origin,
      speedMps: 10,
      circuity: 1,
    });
    expect(arrival! - NOW).toBeCloseTo(100_000, -2);
  });

  test('service time and waiting for the window start push the next arrival', () => {
    const stops = [
      stop(1, { lat: oneKmNorth, windowStart: NOW + 10 * MIN, serviceSeconds: 120 }),
      stop(2, { lat: 2 * oneKmNorth }),
    ];
    const [first, second] = chainArrivals(stops, { now: NOW, origin, speedMps: 10, circuity: 1 });
    expect(first! - NOW).toBeCloseTo(100_000, -2);
    // waits until the window opens at +10 min, serves 2 min, then 100 s to the next stop
    expect(second! - NOW).toBeCloseTo(12 * MIN + 100_000, -2);
  });

  test("the server's ETA is used where there is one and the chain continues from it", () => {
    const stops = [
      stop(1, { lat: oneKmNorth, eta: NOW + 30 * MIN }),
      stop(2, { lat: 2 * oneKmNorth }),
    ];
    const [first, second] = chainArrivals(stops, { now: NOW, origin, speedMps: 10, circuity: 1 });
    expect(first).toBe(NOW + 30 * MIN);
    expect(second! - NOW).toBeCloseTo(30 * MIN + 100_000, -2);
  });

  test('closed stops are skipped and without a position nothing is estimated', () => {
    const stops = [stop(1, { status: 'delivered' }), stop(2, { lat: oneKmNorth })];
    expect(chainArrivals(stops, { now: NOW, origin: null, speedMps: 10 })).toEqual([null, null]);
  });
});

describe('routeTimeline', () => {
  test('orders stops by sequence and marks estimated arrivals', () => {
    const entries = routeTimeline(
      [stop(2, { lat: 0.01, eta: NOW + 90 * MIN }), stop(1, { lat: 0.005, status: 'delivered' })],
      { now: NOW, origin: { lat: 0, lng: 0 }, speedMps: 5 },
    );
    expect(entries.map((e) => [e.stop.seq, e.state, e.estimated])).toEqual([
      [1, 'done', false],
      [2, 'late', false],
    ]);
    expect(entries[1]!.minutesLate).toBe(30);
  });
});

describe('timelineNote', () => {
  const MIN = 60_000;
  const t = translator('en', en, en);
  const pt = translator('pt-BR', ptBR, en);
  const entry = (arrival: number, windowStart: number, windowEnd: number) => ({
    stop: { windowStart, windowEnd } as TimelineEntry['stop'],
    arrival,
    estimated: false,
    state: 'on_time' as const,
    minutesLate: Math.round((arrival - windowEnd) / MIN),
  });

  it('says how long a courier early for the window will wait, not how early it is for the end', () => {
    expect(timelineNote(entry(0, 69 * MIN, 250 * MIN), t)).toBe('waits 69 min for the window');
    expect(timelineNote(entry(0, 69 * MIN, 250 * MIN), pt)).toBe('espera 69 min pela janela');
  });

  it('gives the minutes to spare inside the window, and the minutes late after it', () => {
    expect(timelineNote(entry(100 * MIN, 60 * MIN, 130 * MIN), t)).toBe('30 min to spare');
    expect(timelineNote(entry(140 * MIN, 60 * MIN, 130 * MIN), t)).toBe('10 min late');
    expect(timelineNote(entry(100 * MIN, 60 * MIN, 130 * MIN), pt)).toBe('30 min de folga');
    expect(timelineNote(entry(140 * MIN, 60 * MIN, 130 * MIN), pt)).toBe('10 min de atraso');
  });

  it('says when the courier gets there just as the window ends', () => {
    expect(timelineNote(entry(130 * MIN, 60 * MIN, 130 * MIN), t)).toBe('at window end');
    expect(timelineNote(entry(130 * MIN, 60 * MIN, 130 * MIN), pt)).toBe('no fim da janela');
  });
});

import { describe, expect, it } from 'vitest';
import { routeEtas, type EtaStop } from './route-etas';
import type { TravelTimeProvider } from './travel-time';

/** Travel takes 100 s per 0.001° of longitude, whatever the vehicle or hour. */
const provider: TravelTimeProvider = {
  name: 'test',
  travelSeconds: (from, to) => Math.round((Math.abs(to.lng - from.lng) / 0.001) * 100),
  travelSecondsFrom(from, targets, ctx) {
    return targets.map((to) => this.travelSeconds(from, to, ctx));
  },
};
const T0 = Date.UTC(2025, 0, 15, 9);
const S = 1000;

function stop(id: number, lng: number, overrides: Partial<EtaStop> = {}): EtaStop {
  return {
    id,
    lat: 0,
    lng,
    windowStart: T0,
    windowEnd: T0 + 3600 * S,
    serviceSeconds: 120,
    status: 'assigned',
    ...overrides,
  };
}

const start = { lat: 0, lng: 0, at: T0 };

describe('routeEtas', () => {
  it('chains travel and service through the stops', () => {
    const etas = routeEtas(provider, start, 'car', [stop(1, 0.001), stop(2, 0.003)]);
    expect(etas).toEqual([
      {
        stopId: 1,
        arriveAt: T0 + 100 * S,
        serviceStartAt: T0 + 100 * S,
        departAt: T0 + 220 * S,
        lateSeconds: 0,
      },
      {
        stopId: 2,
        arriveAt: T0 + 420 * S,
        serviceStartAt: T0 + 420 * S,
        departAt: T0 + 540 * S,
        lateSeconds: 0,
      },
    ]);
  });

  it('waits for the window start when early', () => {
    const [first, second] = routeEtas(provider, start, 'car', [
      stop(1, 0.001, { windowStart: T0 + 600 * S }),
      stop(2, 0.002),
    ]);
    expect(first!.arriveAt).toBe(T0 + 100 * S);
    expect(first!.serviceStartAt).toBe(T0 + 600 * S);
    expect(first!.departAt).toBe(T0 + 720 * S);
    expect(second!.arriveAt).toBe(T0 + 820 * S);
  });

  it('reports seconds of lateness past the window end, and carries the delay on', () => {
    const [first, second] = routeEtas(provider, start, 'car', [
      stop(1, 0.01, { windowEnd: T0 + 400 * S, serviceSeconds: 60 }),
      stop(2, 0.011, { windowEnd: T0 + 2000 * S }),
    ]);
    expect(first!.lateSeconds).toBe(600);
    expect(second!.arriveAt).toBe(T0 + 1160 * S);
    expect(second!.lateSeconds).toBe(0);
  });

  it('ends an arrived stop at its arrival plus service, or now when that has passed', () => {
    const arrived = (arrivedAt: number): EtaStop =>
      stop(1, 0.001, { status: 'arrived', arrivedAt, windowStart: 0 });
    const serving = routeEtas(provider, start, 'car', [arrived(T0 - 30 * S), stop(2, 0.002)]);
    expect(serving[0]).toEqual({
      stopId: 1,
      arriveAt: T0 - 30 * S,
      serviceStartAt: T0 - 30 * S,
      departAt: T0 + 90 * S,
      lateSeconds: 0,
    });
    expect(serving[1]!.arriveAt).toBe(T0 + 190 * S);
    const overdue = routeEtas(provider, start, 'car', [arrived(T0 - 600 * S), stop(2, 0.002)]);
    expect(overdue[0]!.departAt).toBe(T0);
    expect(overdue[1]!.arriveAt).toBe(T0 + 100 * S);
  });

  it('takes an arrived stop without an arrival time as arrived now', () => {
    const [first] = routeEtas(provider, start, 'car', [stop(1, 0.001, { status: 'arrived' })]);
    expect(first!.arriveAt).toBe(T0);
    expect(first!.departAt).toBe(T0 + 120 * S);
  });

  it('skips stops already delivered, failed or cancelled', () => {
    const etas = routeEtas(provider, start, 'car', [
      stop(1, 0.001, { status: 'delivered' }),
      stop(2, 0.005, { status: 'cancelled' }),
      stop(3, 0.002),
    ]);
    expect(etas.map((e) => [e.stopId, e.arriveAt])).toEqual([[3, T0 + 200 * S]]);
  });
});

import { describe, expect, it } from 'vitest';
import type { LatLngPair, RoadClass } from '../../streets/network';
import { Junctions, redRemainingSeconds } from './junctions';
import type { Segment } from './types';

const T0 = Date.UTC(2025, 2, 12, 12);

/** The movement straight through a crossing at `at`, arriving from the west. */
function through(at: LatLngPair, cls: RoadClass, nextCls: RoadClass = cls): [Segment, Segment] {
  const west: LatLngPair = [at[0], at[1] - 0.002];
  const east: LatLngPair = [at[0], at[1] + 0.002];
  return [
    { from: west, to: at, roadClass: cls, lengthMeters: 200, endDegree: 4 },
    { from: at, to: east, roadClass: nextCls, lengthMeters: 200, endDegree: 4 },
  ];
}

/** Crossings along an avenue, one every 200 m. */
const crossings: LatLngPair[] = Array.from({ length: 80 }, (_, i) => [-20.46, -54.6 + i * 0.002]);
const junctions = new Junctions(7);

describe('Junctions', () => {
  it('puts lights at a share of main-road crossings and almost none between side streets', () => {
    const lit = (cls: RoadClass): number =>
      crossings.filter((c) => junctions.signal(...through(c, cls), 'car') !== null).length;
    expect(lit('primary')).toBeGreaterThan(10);
    expect(lit('primary')).toBeLessThan(50);
    expect(lit('residential')).toBeLessThan(lit('primary') / 4);
  });

  it('makes a car arriving in the red wait the rest of the red, never more, and not at all in the green', () => {
    const signalled = crossings
      .map((c) => through(c, 'primary'))
      .filter((m) => junctions.signal(...m, 'car'));
    let waited = 0;
    let passed = 0;
    for (const [segment, next] of signalled) {
      const signal = junctions.signal(segment, next, 'car')!;
      expect(signal.cycleSeconds).toBeGreaterThanOrEqual(60);
      expect(signal.cycleSeconds).toBeLessThanOrEqual(120);
      for (let s = 0; s < 240; s += 3) {
        const t = T0 + s * 1000;
        const wait = junctions.delaySeconds(segment, next, 'car', t, 0);
        expect(wait).toBeLessThanOrEqual(signal.redSeconds);
        expect(wait).toBe(redRemainingSeconds(signal, t));
        if (wait === 0) passed++;
        else waited++;
      }
    }
    expect(waited).toBeGreaterThan(0);
    expect(passed).toBeGreaterThan(0);
  });

  it('counts down the red: arriving a second later waits a second less', () => {
    const [segment, next] = crossings
      .map((c) => through(c, 'primary'))
      .find((m) => junctions.signal(...m, 'car'))!;
    const signal = junctions.signal(segment, next, 'car')!;
    const redStart =
      T0 +
      ((signal.offsetSeconds - ((T0 / 1000) % signal.cycleSeconds) + 10 * signal.cycleSeconds) %
        signal.cycleSeconds) *
        1000;
    expect(junctions.delaySeconds(segment, next, 'car', redStart + 1000, 0)).toBeCloseTo(
      signal.redSeconds - 1,
      6,
    );
    expect(junctions.delaySeconds(segment, next, 'car', redStart + 2000, 0)).toBeCloseTo(
      signal.redSeconds - 2,
      6,
    );
  });

  it('is the same for the same seed, junction and instant', () => {
    const other = new Junctions(7);
    for (const c of crossings) {
      const m = through(c, 'secondary', 'residential');
      expect(other.delaySeconds(...m, 'van', T0 + 5000, 0.3)).toBe(
        junctions.delaySeconds(...m, 'van', T0 + 5000, 0.3),
      );
    }
  });

  it('costs nothing at a bend of one street or at the end of the journey', () => {
    for (const c of crossings) {
      const [segment, next] = through(c, 'primary');
      expect(junctions.delaySeconds({ ...segment, endDegree: 2 }, next, 'car', T0, 0)).toBe(0);
      expect(junctions.delaySeconds(segment, null, 'car', T0, 0)).toBe(0);
    }
  });

  it('lets a walker through side-street crossings without waiting', () => {
    for (const c of crossings) {
      const m = through(c, 'residential');
      if (junctions.signal(...m, 'foot')) continue;
      expect(junctions.delaySeconds(...m, 'foot', T0, 0.5)).toBe(0);
    }
  });

  it('makes a car joining a main road give way longer in the rush', () => {
    const joins = crossings
      .map((c) => through(c, 'residential', 'primary'))
      .filter((m) => !junctions.signal(...m, 'car'));
    const total = (busy: number): number =>
      joins.reduce((sum, m) => sum + junctions.delaySeconds(...m, 'car', T0, busy), 0);
    expect(total(0)).toBeGreaterThan(0);
    expect(total(0.5)).toBeGreaterThan(total(0));
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_TRUTH_RULES, TruthTracker, type TruthSample } from './ground-truth';

const T0 = Date.UTC(2025, 0, 15, 12);
const METERS_PER_DEG_LAT = 111_320;
const HERE = { lat: -20.46, lng: -54.6 };
/** A stop 500 m north: far enough that standing here is not waiting for it. */
const FAR_STOP = { lat: HERE.lat + 500 / METERS_PER_DEG_LAT, lng: HERE.lng };
const NEAR_STOP = { lat: HERE.lat + 60 / METERS_PER_DEG_LAT, lng: HERE.lng };

function sample(second: number, overrides: Partial<TruthSample> = {}): TruthSample {
  return {
    atMs: T0 + second * 1000,
    ...HERE,
    serving: false,
    nextStop: FAR_STOP,
    sending: true,
    ...overrides,
  };
}

/** Feeds one sample a second for `seconds`, each shaped by `at(second)`. */
function track(seconds: number, at: (second: number) => Partial<TruthSample>) {
  const tracker = new TruthTracker(9, DEFAULT_TRUTH_RULES);
  for (let s = 0; s < seconds; s++) tracker.observe(sample(s, at(s)));
  return tracker.finish(T0 + seconds * 1000);
}

/** `meters` north of HERE. */
const north = (meters: number) => ({ lat: HERE.lat + meters / METERS_PER_DEG_LAT });

describe('TruthTracker standstills', () => {
  it('keeps a standstill from its first still sample to the first that moves away', () => {
    // Drives 10 m/s for 60 s, stands 400 s, drives on.
    const spells = track(600, (s) =>
      s < 60 ? north(-600 + s * 10) : s < 460 ? north(0) : north((s - 460) * 10),
    );
    const still = spells.filter((x) => x.kind === 'standstill');
    expect(still).toHaveLength(1);
    // It reaches the spot at 60 s; 463 s is 30 m away, the first sample out.
    expect(still[0]).toMatchObject({ courierId: 9, from: T0 + 60_000, to: T0 + 463_000 });
  });

  it('counts a courier creeping at 0.3 m/s as never still for long', () => {
    const spells = track(1200, (s) => north(s * 0.3));
    expect(spells.every((x) => x.to - x.from < 120_000)).toBe(true);
  });

  it('does not count standing while serving a stop', () => {
    expect(track(600, () => ({ serving: true }))).toHaveLength(0);
  });

  it('does not count standing within the near-stop distance of the next stop', () => {
    expect(track(600, () => ({ nextStop: NEAR_STOP }))).toHaveLength(0);
  });

  it('does not count standing with no open stop', () => {
    expect(track(600, () => ({ nextStop: null }))).toHaveLength(0);
  });

  it('splits a standstill where serving begins, and marks one cut by the end of the run', () => {
    const spells = track(900, (s) => ({ serving: s >= 300 && s < 400 }));
    expect(spells.map((x) => [x.from - T0, x.to - T0, x.cutAtEnd])).toEqual([
      [0, 300_000, false],
      [400_000, 900_000, true],
    ]);
  });
});

describe('TruthTracker silences', () => {
  it('runs a silence from the last fix sent to the next one', () => {
    const spells = track(600, (s) => ({ sending: s < 100 || s >= 250 }));
    const silences = spells.filter((x) => x.kind === 'silence');
    expect(silences).toEqual([
      { kind: 'silence', courierId: 9, from: T0 + 99_000, to: T0 + 250_000, cutAtEnd: false },
    ]);
  });

  it('keeps no silence shorter than 30 s', () => {
    const spells = track(600, (s) => ({ sending: s % 20 !== 0, ...north(s * 10) }));
    expect(spells.filter((x) => x.kind === 'silence')).toHaveLength(0);
  });
});

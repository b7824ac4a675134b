import { describe, expect, it } from 'vitest';
import { createRng } from '../../lib/rng';
import {
  DURATIONS,
  NO_WORLD_INCIDENTS,
  WorldIncidentScheduler,
  lunchStartMs,
  type IncidentContext,
  type WorldIncidentOptions,
} from './incidents';

const T0 = Date.UTC(2025, 0, 15, 12); // 08:00 at UTC−4
const MINUTE = 60_000;
const DRIVING: IncidentContext = { driving: true, parkedForStop: null };
const STANDING: IncidentContext = { driving: false, parkedForStop: null };

function options(overrides: Partial<WorldIncidentOptions['rates']>, lunch = false) {
  return {
    ...NO_WORLD_INCIDENTS,
    rates: { ...NO_WORLD_INCIDENTS.rates, ...overrides },
    lunch,
    utcOffsetMinutes: -240,
  };
}

/** Steps a scheduler every second for `minutes`, with the context the step function gives. */
function run(
  scheduler: WorldIncidentScheduler,
  minutes: number,
  context: (t: number) => IncidentContext = () => DRIVING,
) {
  const started = [];
  const ended = [];
  const overlaps = new Set<string>();
  for (let t = T0; t <= T0 + minutes * MINUTE; t += 1000) {
    const update = scheduler.update(t, context(t));
    started.push(...update.started);
    ended.push(...update.ended);
    const kinds = scheduler.active.map((i) => i.kind).sort();
    if (kinds.length > 1) overlaps.add(kinds.join('+'));
  }
  return { started, ended, overlaps };
}

describe('incident durations', () => {
  it('draws unplanned stops log-normally around 6 min, clipped to 1–40 min', () => {
    const rng = createRng(3);
    const draws = Array.from({ length: 4000 }, () => DURATIONS.stopMinutes(rng)).sort(
      (a, b) => a - b,
    );
    expect(draws[0]).toBeGreaterThanOrEqual(1);
    expect(draws.at(-1)).toBeLessThanOrEqual(40);
    const median = draws[2000]!;
    expect(median).toBeGreaterThan(5.5);
    expect(median).toBeLessThan(6.5);
    // Not bunched around the stall threshold: a good share on either side of 5 min.
    expect(draws.filter((m) => m < 5).length).toBeGreaterThan(1000);
    expect(draws.filter((m) => m > 10).length).toBeGreaterThan(500);
  });

  it('draws offline spells between 1 and 40 min, a third with the phone off', () => {
    const rng = createRng(4);
    const minutes = Array.from({ length: 3000 }, () => DURATIONS.offlineMinutes(rng));
    expect(Math.min(...minutes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...minutes)).toBeLessThanOrEqual(40);
    const off = Array.from({ length: 3000 }, () => DURATIONS.phoneOff(rng)).filter(Boolean);
    expect(off.length).toBeGreaterThan(900);
    expect(off.length).toBeLessThan(1100);
  });
});

describe('WorldIncidentScheduler', () => {
  it('starts unplanned stops only while driving', () => {
    const standing = run(
      new WorldIncidentScheduler(1, options({ stop: 6 }), createRng(1), T0),
      120,
      () => STANDING,
    );
    expect(standing.started).toHaveLength(0);
    const driving = run(new WorldIncidentScheduler(1, options({ stop: 6 }), createRng(1), T0), 120);
    expect(driving.started.length).toBeGreaterThan(0);
    for (const s of driving.started) expect(s.kind).toBe('stop');
  });

  it('lets different kinds overlap: a stop inside a crawl, offline during a stop', () => {
    const scheduler = new WorldIncidentScheduler(
      1,
      options({ stop: 3, crawl: 3, offline: 3 }),
      createRng(2),
      T0,
    );
    const { overlaps } = run(scheduler, 600);
    expect(overlaps).toContain('crawl+stop');
    expect(overlaps).toContain('offline+stop');
  });

  it('never runs two incidents of the same kind at once', () => {
    const scheduler = new WorldIncidentScheduler(1, options({ offline: 30 }), createRng(5), T0);
    const { started, ended } = run(scheduler, 300);
    const spans = [...ended].sort((a, b) => a.from - b.from);
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]!.from).toBeGreaterThanOrEqual(spans[i - 1]!.to);
    expect(started.length).toBeGreaterThan(5);
  });

  it('keeps a phone-in-vehicle until the courier is back, and starts one only on parking', () => {
    const scheduler = new WorldIncidentScheduler(
      1,
      options({ phone_in_vehicle: 60 }),
      createRng(6),
      T0,
    );
    expect(run(scheduler, 30).started).toHaveLength(0);
    const parked = { lat: -20.46, lng: -54.6 };
    const { started } = scheduler.update(T0 + 31 * MINUTE, {
      driving: false,
      parkedForStop: parked,
    });
    expect(started).toHaveLength(1);
    expect(started[0]!.parkedAt).toEqual(parked);
    // Past its planned time it is still under way: it ends on the courier's return.
    scheduler.update(T0 + 120 * MINUTE, DRIVING);
    expect(scheduler.activeOf('phone_in_vehicle')).toBeDefined();
    expect(scheduler.finish('phone_in_vehicle', T0 + 121 * MINUTE)?.to).toBe(T0 + 121 * MINUTE);
    expect(scheduler.activeOf('phone_in_vehicle')).toBeUndefined();
  });

  it('takes one lunch break of 20–45 min starting between 11:30 and 13:30 local', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const scheduler = new WorldIncidentScheduler(1, options({}, true), createRng(seed), T0);
      const { started, ended } = run(scheduler, 10 * 60);
      expect(started).toHaveLength(1);
      const localMinute = ((started[0]!.from - T0) / MINUTE + 8 * 60) % (24 * 60);
      expect(localMinute).toBeGreaterThanOrEqual(11.5 * 60);
      expect(localMinute).toBeLessThanOrEqual(13.5 * 60 + 1);
      const minutes = (ended[0]!.to - ended[0]!.from) / MINUTE;
      expect(minutes).toBeGreaterThanOrEqual(20);
      expect(minutes).toBeLessThanOrEqual(45.1);
    }
  });

  it('moves lunch to the next day when the shift starts after the window', () => {
    const afternoon = Date.UTC(2025, 0, 15, 19); // 15:00 local
    const start = lunchStartMs(afternoon, options({}, true), createRng(1));
    expect(start - afternoon).toBeGreaterThan(20 * 60 * MINUTE);
  });
});

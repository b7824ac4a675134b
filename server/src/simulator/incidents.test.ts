import { describe, expect, it } from 'vitest';
import { IncidentScheduler, NO_INCIDENTS, type Incident } from './incidents';
import { createRng } from '../lib/rng';

const T0 = Date.UTC(2025, 0, 15, 12);
const MINUTE_MS = 60_000;

function simulate(
  scheduler: IncidentScheduler,
  hours: number,
  driving: (t: number) => boolean,
): Incident[] {
  const done: Incident[] = [];
  for (let t = T0; t <= T0 + hours * 3_600_000; t += 1000) {
    const { ended } = scheduler.update(t, { driving: driving(t) });
    if (ended) done.push(ended);
  }
  return done;
}

describe('IncidentScheduler', () => {
  it('never starts anything when every rate is 0', () => {
    const scheduler = new IncidentScheduler(1, NO_INCIDENTS, createRng(1), T0);
    expect(simulate(scheduler, 24, () => true)).toEqual([]);
  });

  it('runs one incident at a time, each within its duration range', () => {
    const rates = { stall: 2, offline: 2, slowdown: 2 };
    const done = simulate(new IncidentScheduler(5, rates, createRng(2), T0), 50, () => true);
    expect(done.length).toBeGreaterThan(100);
    const ranges = { stall: [4, 12], offline: [3, 8], slowdown: [10, 20] };
    for (let i = 0; i < done.length; i++) {
      const incident = done[i]!;
      const minutes = (incident.to - incident.from) / MINUTE_MS;
      expect(incident.courierId).toBe(5);
      expect(minutes).toBeGreaterThanOrEqual(ranges[incident.kind][0]!);
      expect(minutes).toBeLessThanOrEqual(ranges[incident.kind][1]! + 1 / 60);
      if (i > 0) expect(incident.from).toBeGreaterThanOrEqual(done[i - 1]!.to);
    }
    expect(new Set(done.map((d) => d.kind))).toEqual(new Set(['stall', 'offline', 'slowdown']));
  });

  it('occurs at about the configured rate', () => {
    const done = simulate(
      new IncidentScheduler(1, { ...NO_INCIDENTS, offline: 0.5 }, createRng(3), T0),
      400,
      () => true,
    );
    expect(done.length).toBeGreaterThan(150);
    expect(done.length).toBeLessThan(250);
  });

  it('starts a stall only while the courier is driving', () => {
    const driving = (t: number): boolean => Math.floor((t - T0) / (30 * MINUTE_MS)) % 2 === 0;
    const scheduler = new IncidentScheduler(1, { ...NO_INCIDENTS, stall: 3 }, createRng(4), T0);
    const done = simulate(scheduler, 20, driving);
    expect(done.length).toBeGreaterThan(5);
    for (const stall of done) expect(driving(stall.from)).toBe(true);
  });

  it('closes the active incident at shutdown with the real end time', () => {
    const scheduler = new IncidentScheduler(
      1,
      { ...NO_INCIDENTS, offline: 1000 },
      createRng(5),
      T0,
    );
    let t = T0;
    while (!scheduler.active) scheduler.update((t += 1000), { driving: true });
    expect(scheduler.interrupt(t + 5000)).toMatchObject({ kind: 'offline', to: t + 5000 });
    expect(scheduler.active).toBeNull();
  });
});

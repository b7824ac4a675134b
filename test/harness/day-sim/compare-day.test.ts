import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../server/src/dispatch/routing/checker';
import { compareDay, gapClosed, type DayComparison, type DayRunResult } from './compare-day';
import { detectionConfig } from '../../../server/src/detect/config';
import { DEFAULT_POLICY } from './dispatch-policy';
import { dayOptions, type DayWorld } from './options';
import { buildScenario, type DayScenario } from './scenario';

/**
 * A small, heavily disrupted day: every kind of hold happens, little overtime is allowed (so
 * some stops are left open), and it runs in a moment. On plain streets the ceiling's travel
 * times are exact, so what it plans on time must come out on time.
 */
function tinyScenario(seed = 3, world: DayWorld = 'plain'): DayScenario {
  return buildScenario(
    dayOptions({
      seed,
      world,
      couriers: 8,
      stops: 80,
      hours: 2,
      stallRatePerHour: 0.6,
      breakdownRatePerHour: 0.4,
      planIterations: 300,
      cityRadiusMeters: 2_000,
      overtimeHours: 0.5,
    }),
  );
}

/** The hub works to windows closing 15 min early (`lateRisk.windowMarginMinutes`). */
const HUB_DETECTION = detectionConfig({ lateRisk: { windowMarginMinutes: 15 } });

const scenario = tinyScenario();
const day = compareDay(scenario, DEFAULT_POLICY, HUB_DETECTION);
const runs: [string, DayRunResult][] = [
  ['no intervention', day.noIntervention],
  ['suggestions auto-accepted', day.autoAccepted],
  ['ceiling', day.ceiling],
];

describe('compareDay on a tiny disrupted day', () => {
  it('has both stalls and breakdowns to live through, and stops left open', () => {
    const kinds = new Set(scenario.holds.map((h) => h.kind));
    expect(kinds).toEqual(new Set(['stall', 'breakdown']));
    expect(day.noIntervention.outcome.undelivered).toBeGreaterThan(0);
  });

  it.each(runs)('%s: plans every stop onto exactly one route', (_, result) => {
    const planned = [...result.plan.routes.values()].flat().sort((a, b) => a - b);
    expect(planned).toEqual(scenario.stops.map((s) => s.id));
  });

  it.each(runs)('%s: ends with every stop either delivered or open on one route', (_, result) => {
    const onRoutes = [...result.run.routes.values()].flat();
    expect(new Set(onRoutes).size).toBe(onRoutes.length);
    const open = new Set(onRoutes);
    expect(result.run.stops.map((s) => s.id).sort((a, b) => a - b)).toEqual(
      scenario.stops.map((s) => s.id),
    );
    for (const stop of result.run.stops) {
      expect(stop.status === 'delivered').toBe(!open.has(stop.id));
    }
    expect(result.outcome.delivered + open.size).toBe(scenario.stops.length);
  });

  it.each(runs)('%s: leaves no stop before its window opened and its service was done', (_, r) => {
    for (const stop of r.run.stops.filter((s) => s.status === 'delivered')) {
      const serviceStart = Math.max(stop.arrivedAt!, stop.windowStart);
      expect(stop.deliveredAt!).toBeGreaterThanOrEqual(serviceStart + stop.serviceSeconds * 1000);
    }
  });

  it.each(runs)('%s: counts every stop due as on time, late or undelivered', (_, result) => {
    const { due, onTime, late, undelivered } = result.outcome;
    expect(due).toBe(scenario.stops.length);
    expect(onTime + late + undelivered).toBe(due);
  });

  it('plans a ceiling that passes the independent checker', () => {
    const { problem, solution } = day.ceiling.plan;
    expect(checkSolution(problem, solution)).toEqual([]);
  });

  it('gives the ceiling a vehicle per part of a held shift, none of them overlapping a hold', () => {
    const { parts } = day.ceiling.plan;
    expect(parts.length).toBeGreaterThan(scenario.couriers.length);
    for (const part of parts) {
      const clash = scenario.holds.some(
        (h) => h.courierId === part.courierId && h.fromMs < part.toMs && part.fromMs < h.toMs,
      );
      expect(clash).toBe(false);
    }
  });

  it('drives the ceiling through the day with every stop it planned on time on time', () => {
    const planned = new Set(day.ceiling.plan.latePlaced);
    const late = day.ceiling.run.stops.filter(
      (s) => !planned.has(s.id) && (s.arrivedAt === null || s.arrivedAt > s.windowEnd),
    );
    expect(late.map((s) => s.id)).toEqual([]);
  });

  it('has a ceiling at least as good as the suggestions run', () => {
    expect(day.ceilingShortfall).toBeNull();
  });

  it('gives the ceiling no more stops per courier than the morning plan allows', () => {
    const limit = Math.max(...day.noIntervention.plan.problem.vehicles.map((v) => v.maxStops!));
    for (const route of day.ceiling.plan.routes.values()) {
      expect(route.length).toBeLessThanOrEqual(limit);
    }
  });

  it('plans the morning without foreseeing any hold', () => {
    expect(day.noIntervention.plan.parts).toHaveLength(scenario.couriers.length);
  });

  it('counts the stops it moved among the suggestions it applied', () => {
    const dispatch = day.autoAccepted.dispatch!;
    expect(dispatch.stopsMoved).toBeGreaterThanOrEqual(dispatch.applied);
    expect(dispatch.applied).toBeLessThanOrEqual(dispatch.triggers);
  });

  it('comes out the same for the same seed', () => {
    const again: DayComparison = compareDay(tinyScenario(), DEFAULT_POLICY, HUB_DETECTION);
    const outcomes = (c: DayComparison) => [
      c.noIntervention.outcome,
      c.autoAccepted.outcome,
      c.ceiling.outcome,
      c.autoAccepted.dispatch,
    ];
    expect(outcomes(again)).toEqual(outcomes(day));
  });
});

describe('compareDay on a tiny disrupted day in the world’s traffic', () => {
  const traffic = compareDay(tinyScenario(3, 'traffic'), DEFAULT_POLICY, HUB_DETECTION);

  it('keeps the ceiling at least as good as the suggestions run', () => {
    expect(traffic.ceilingShortfall).toBeNull();
  });

  it('leaves the morning plan, blind to the traffic, with stops late', () => {
    const { late, undelivered } = traffic.noIntervention.outcome;
    expect(late + undelivered).toBeGreaterThan(0);
  });
});

describe('gapClosed', () => {
  it('is the share of the way from the worst to the best', () => {
    expect(gapClosed(0.9, 0.96, 0.98, 'higher')).toBeCloseTo(0.75);
    expect(gapClosed(400, 100, 0, 'lower')).toBeCloseTo(0.75);
  });

  it('is null when the best is no better than the worst', () => {
    expect(gapClosed(0.98, 0.99, 0.98, 'higher')).toBeNull();
    expect(gapClosed(10, 5, 12, 'lower')).toBeNull();
  });
});

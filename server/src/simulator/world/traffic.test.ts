import { describe, expect, it } from 'vitest';
import type { LatLngPair, RoadClass, StreetRoute } from '../../streets/network';
import { createTraffic, expectedTravelSeconds } from './traffic';
import type { Segment } from './types';

const OFFSET = -240; // Campo Grande, solar time
/** An instant at a local hour of 12 March 2025. */
const at = (localHour: number): number =>
  Date.UTC(2025, 2, 12) + (localHour * 60 - OFFSET) * 60_000;
const CENTRE: LatLngPair = [-20.46, -54.6];

function segment(roadClass: RoadClass, from: LatLngPair = CENTRE, eastMeters = 200): Segment {
  const to: LatLngPair = [
    from[0],
    from[1] + eastMeters / (111_320 * Math.cos((from[0] * Math.PI) / 180)),
  ];
  return { from, to, roadClass, lengthMeters: eastMeters };
}

/** Segments along a row of blocks, for checks over many streets. */
function row(roadClass: RoadClass, count: number): Segment[] {
  return Array.from({ length: count }, (_, i) =>
    segment(roadClass, [CENTRE[0] + i * 0.001, CENTRE[1]]),
  );
}

const calm = createTraffic({ seed: 1, utcOffsetMinutes: OFFSET, corridorIncidentsPerHour: 0 });

describe('createTraffic speeds', () => {
  it('gives the same street the same speed for the same seed, and other speeds for another seed', () => {
    const again = createTraffic({ seed: 1, utcOffsetMinutes: OFFSET, corridorIncidentsPerHour: 0 });
    const other = createTraffic({ seed: 2, utcOffsetMinutes: OFFSET, corridorIncidentsPerHour: 0 });
    const streets = row('residential', 40);
    const of = (t: typeof calm): number[] => streets.map((s) => t.speedFactor(s, 'car', at(3)));
    expect(of(again)).toEqual(of(calm));
    expect(of(other)).not.toEqual(of(calm));
  });

  it('sees a street the same whichever way it is driven', () => {
    for (const s of row('secondary', 20)) {
      const reversed = { ...s, from: s.to, to: s.from };
      expect(calm.speedFactor(reversed, 'van', at(8))).toBe(calm.speedFactor(s, 'van', at(8)));
    }
  });

  it('gives streets their own character: some much slower than others of their class', () => {
    const factors = row('residential', 200).map((s) => calm.speedFactor(s, 'car', at(3)));
    expect(Math.min(...factors)).toBeLessThan(0.7);
    expect(Math.max(...factors)).toBeGreaterThan(1.05);
  });

  it('makes a car faster on a primary road than on a residential street, and a bike not', () => {
    const mean = (cls: RoadClass, vehicle: 'car' | 'bike'): number => {
      const f = row(cls, 100).map((s) => calm.speedFactor(s, vehicle, at(3)));
      return f.reduce((a, b) => a + b, 0) / f.length;
    };
    expect(mean('primary', 'car')).toBeGreaterThan(1.25 * mean('residential', 'car'));
    expect(mean('primary', 'bike')).toBeLessThanOrEqual(mean('residential', 'bike'));
  });

  it('slows arterials hard in the morning and evening peaks', () => {
    const s = segment('primary');
    const night = calm.speedFactor(s, 'car', at(3));
    expect(calm.speedFactor(s, 'car', at(7.6))).toBeLessThan(0.8 * night);
    expect(calm.speedFactor(s, 'car', at(18.1))).toBeLessThan(0.8 * night);
    expect(calm.speedFactor(s, 'car', at(12.4))).toBeLessThan(night);
  });

  it('gives residential streets a milder rush of another shape', () => {
    const worstAfternoonHour = (s: Segment): number => {
      let worst = 14;
      for (let h = 14; h <= 21; h += 0.25) {
        if (calm.speedFactor(s, 'car', at(h)) < calm.speedFactor(s, 'car', at(worst))) worst = h;
      }
      return worst;
    };
    const main = segment('primary');
    const local = segment('residential');
    const loss = (s: Segment, h: number): number =>
      1 - calm.speedFactor(s, 'car', at(h)) / calm.speedFactor(s, 'car', at(3));
    expect(loss(local, 7.6)).toBeGreaterThan(0);
    expect(loss(local, 7.6)).toBeLessThan(loss(main, 7.6) / 2);
    expect(Math.abs(worstAfternoonHour(main) - worstAfternoonHour(local))).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('changes speed smoothly through the day', () => {
    const s = segment('primary');
    for (let h = 0; h < 24; h += 0.1) {
      const step = Math.abs(
        calm.speedFactor(s, 'car', at(h + 0.1)) - calm.speedFactor(s, 'car', at(h)),
      );
      expect(step).toBeLessThan(0.06);
    }
  });

  it('barely slows a bike and never a walker in the rush', () => {
    const s = segment('primary');
    const bikeLoss = 1 - calm.speedFactor(s, 'bike', at(7.6)) / calm.speedFactor(s, 'bike', at(3));
    const carLoss = 1 - calm.speedFactor(s, 'car', at(7.6)) / calm.speedFactor(s, 'car', at(3));
    expect(bikeLoss).toBeLessThan(carLoss / 3);
    expect(calm.speedFactor(s, 'foot', at(7.6))).toBe(calm.speedFactor(s, 'foot', at(3)));
  });
});

describe('corridor incidents', () => {
  // Every incident is centred on the one site, so anything far from it is never covered.
  const site: LatLngPair = CENTRE;
  const busy = createTraffic({
    seed: 1,
    utcOffsetMinutes: OFFSET,
    corridorIncidentsPerHour: 1,
    incidentSites: [site],
  });
  const day = busy.corridorIncidents(at(0), at(24));
  const covered = (t: number): boolean => day.some((i) => i.from <= t && t < i.to);

  it('follows a seeded schedule of 20-120 minute incidents, 300-1000 m across, slowing to 0.15-0.5', () => {
    expect(day.length).toBeGreaterThan(8);
    expect(day.length).toBeLessThan(50);
    for (const i of day) {
      expect(i.to - i.from).toBeGreaterThanOrEqual(20 * 60_000);
      expect(i.to - i.from).toBeLessThanOrEqual(120 * 60_000);
      expect(i.radiusMeters).toBeGreaterThanOrEqual(300);
      expect(i.radiusMeters).toBeLessThanOrEqual(1000);
      expect(i.factor).toBeGreaterThanOrEqual(0.15);
      expect(i.factor).toBeLessThanOrEqual(0.5);
    }
    const again = createTraffic({
      seed: 1,
      utcOffsetMinutes: OFFSET,
      incidentSites: [site],
      corridorIncidentsPerHour: 1,
    });
    expect(again.corridorIncidents(at(0), at(24))).toEqual(day);
  });

  it('slows main roads inside the radius while it lasts, by its factor', () => {
    const incident = day[0]!;
    const during = (incident.from + incident.to) / 2;
    const s = segment('primary', site, 50);
    const ratio = busy.speedFactor(s, 'car', during) / calm.speedFactor(s, 'car', during);
    const strongest = Math.min(
      ...day.filter((i) => i.from <= during && during < i.to).map((i) => i.factor),
    );
    expect(ratio).toBeCloseTo(strongest, 10);
  });

  it('leaves main roads alone outside its time and outside its radius, and side streets always', () => {
    const s = segment('primary', site, 50);
    const quiet = Array.from({ length: 96 }, (_, k) => at(k / 4)).filter((t) => !covered(t));
    expect(quiet.length).toBeGreaterThan(0);
    for (const t of quiet)
      expect(busy.speedFactor(s, 'car', t)).toBe(calm.speedFactor(s, 'car', t));
    const during = (day[0]!.from + day[0]!.to) / 2;
    const far = segment('primary', [site[0] + 0.0095, site[1]], 50); // about 1.05 km north
    expect(busy.speedFactor(far, 'car', during)).toBe(calm.speedFactor(far, 'car', during));
    const side = segment('residential', site, 50);
    expect(busy.speedFactor(side, 'car', during)).toBe(calm.speedFactor(side, 'car', during));
  });
});

describe('expectedTravelSeconds', () => {
  const route: StreetRoute = {
    points: [0, 1, 2, 3, 4, 5].map((i): LatLngPair => [CENTRE[0], CENTRE[1] + i * 0.002]),
    segmentSpeedFactors: [1.3, 1.3, 1.3, 1.3, 1.3],
    segmentRoadClasses: ['primary', 'primary', 'primary', 'primary', 'primary'],
    lengthMeters: 1040,
  };

  it('adds each segment at its speed when reached, and nothing at bends', () => {
    const seconds = expectedTravelSeconds(calm, route, 9, 'car', at(3), () => 2);
    let expected = 0;
    for (let i = 0; i < 5; i++) {
      const s = {
        from: route.points[i]!,
        to: route.points[i + 1]!,
        roadClass: 'primary' as const,
        lengthMeters: 0,
      };
      const len = 0.002 * 111_320 * Math.cos((CENTRE[0] * Math.PI) / 180);
      expected += len / (9 * calm.speedFactor(s, 'car', at(3) + expected * 1000));
    }
    expect(seconds).toBeCloseTo(expected, 6);
  });

  it('takes longer in the rush', () => {
    const night = expectedTravelSeconds(calm, route, 9, 'car', at(3), () => 2);
    expect(expectedTravelSeconds(calm, route, 9, 'car', at(18), () => 2)).toBeGreaterThan(
      1.2 * night,
    );
  });

  it('adds the mean delay of each junction on the way', () => {
    const night = expectedTravelSeconds(calm, route, 9, 'car', at(3), () => 2);
    const withJunctions = expectedTravelSeconds(calm, route, 9, 'car', at(3), () => 4);
    let delays = 0;
    for (let i = 0; i < 4; i++) {
      const s = (k: number): Segment => ({
        from: route.points[k]!,
        to: route.points[k + 1]!,
        roadClass: 'primary',
        lengthMeters: 0,
        endDegree: 4,
      });
      delays += calm.meanJunctionDelaySeconds(s(i), s(i + 1), 'car', at(3));
    }
    expect(withJunctions - night).toBeCloseTo(delays, 0);
  });
});

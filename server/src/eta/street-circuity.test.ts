import { haversineMeters } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import type { MovementSegment } from './courier-track';
import { LearnedSpeedProvider } from './learned-speed-provider';
import { LearnedSpeeds } from './learned-speeds';
import { StreetCircuity } from './street-circuity';
import { localProjection } from '../streets/projection';

const T0 = Date.UTC(2025, 2, 12, 10);
const projection = localProjection(-20.46, -54.6);
const SPEED_MPS = 8;

/** A point `x` m east and `y` m north of the centre. */
function at(x: number, y: number): { lat: number; lng: number } {
  return { lat: projection.toLat(y), lng: projection.toLng(x) };
}

/**
 * Movement segments of 50 m along the corners given (metres east/north), at 8 m/s × `slowness`
 * in time; `pauseMs` stands between consecutive trips, never inside one.
 */
function segmentsAlong(
  corners: [number, number][],
  startMs: number,
  slowness = 1,
): MovementSegment[] {
  const out: MovementSegment[] = [];
  let t = startMs;
  for (let c = 1; c < corners.length; c++) {
    const [x0, y0] = corners[c - 1]!;
    const [x1, y1] = corners[c]!;
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.round(length / 50));
    for (let i = 0; i < steps; i++) {
      const a = at(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps);
      const b = at(x0 + ((x1 - x0) * (i + 1)) / steps, y0 + ((y1 - y0) * (i + 1)) / steps);
      const meters = haversineMeters(a.lat, a.lng, b.lat, b.lng);
      const seconds = (meters / SPEED_MPS) * slowness;
      out.push({
        meters,
        seconds,
        from: { ...a, t },
        to: { ...b, t: t + seconds * 1000 },
        midLat: (a.lat + b.lat) / 2,
        midLng: (a.lng + b.lng) / 2,
        midT: t + seconds * 500,
      });
      t += seconds * 1000;
    }
  }
  return out;
}

/** Straight-line seconds at 8 m/s: the learned speeds of these tests. */
const straightSeconds = (
  a: { lat: number; lng: number },
  b: { lat: number; lng: number },
): number => haversineMeters(a.lat, a.lng, b.lat, b.lng) / SPEED_MPS;

/** Trips from the centre in every direction in 10° steps, each `trip(angle)` corners long. */
function learn(
  circuity: StreetCircuity,
  trip: (angleDeg: number) => [number, number][],
  slowness = 1,
): void {
  let t = T0;
  for (let angle = 0; angle < 360; angle += 10) {
    // Each trip is its own courier: no stretch runs from one trip into the next.
    for (const s of segmentsAlong(trip(angle), t, slowness)) {
      circuity.observe(`c${angle}`, 'car', s, straightSeconds);
    }
    t += 3_600_000;
  }
}

/** A staircase along a grid of 200 m blocks towards `angle`, 3 km as the crow flies. */
function gridTrip(angleDeg: number): [number, number][] {
  const rad = (angleDeg * Math.PI) / 180;
  const dx = 3000 * Math.sin(rad);
  const dy = 3000 * Math.cos(rad);
  const steps = 15;
  const corners: [number, number][] = [[0, 0]];
  for (let i = 1; i <= steps; i++) {
    corners.push([(dx * i) / steps, (dy * (i - 1)) / steps], [(dx * i) / steps, (dy * i) / steps]);
  }
  return corners;
}

function straightTrip(angleDeg: number): [number, number][] {
  const rad = (angleDeg * Math.PI) / 180;
  return [
    [0, 0],
    [3000 * Math.sin(rad), 3000 * Math.cos(rad)],
  ];
}

describe('StreetCircuity', () => {
  it('learns that on a street grid a diagonal trip runs about 1.41 times one along a street', () => {
    const circuity = new StreetCircuity();
    learn(circuity, gridTrip);
    const east = circuity.factor(at(0, 0), at(2000, 0));
    const north = circuity.factor(at(0, 0), at(0, 2000));
    const diagonal = circuity.factor(at(0, 0), at(1500, 1500));
    // 1.41 at the two exact bearings; 15° sectors average the bearings around them.
    expect(diagonal / east).toBeGreaterThan(1.2);
    expect(diagonal / east).toBeLessThan(1.5);
    expect(north / east).toBeCloseTo(1, 1);
    // Relative to the mean over directions: along the streets below 1, across them above.
    expect(east).toBeLessThan(1);
    expect(diagonal).toBeGreaterThan(1);
  });

  it('leaves every direction alike where the streets run every way', () => {
    const circuity = new StreetCircuity();
    learn(circuity, straightTrip);
    for (const [x, y] of [
      [2000, 0],
      [1500, 1500],
      [0, 2000],
      [-900, 1800],
    ] as const) {
      expect(circuity.factor(at(0, 0), at(x, y))).toBeCloseTo(1, 2);
    }
  });

  it('answers 1 before most directions have been seen', () => {
    const circuity = new StreetCircuity();
    for (const s of segmentsAlong(gridTrip(45), T0)) circuity.observe(1, 'car', s, straightSeconds);
    expect(circuity.factor(at(0, 0), at(1500, 1500))).toBe(1);
  });

  it('does not read a turn-round at a door as winding streets', () => {
    const circuity = new StreetCircuity();
    learn(circuity, straightTrip);
    const before = circuity.factor(at(0, 0), at(2000, 0));
    // Out 400 m east and straight back, twice: the stretch ends where it began.
    for (let i = 0; i < 2; i++) {
      const outAndBack = segmentsAlong(
        [
          [0, 0],
          [400, 0],
          [0, 0],
        ],
        T0 + (40 + i) * 3_600_000,
      );
      for (const s of outAndBack) circuity.observe('door', 'car', s, straightSeconds);
    }
    expect(circuity.factor(at(0, 0), at(2000, 0))).toBeCloseTo(before, 6);
  });

  it('starts a new stretch after a stop, so a trip does not run into the next one', () => {
    const circuity = new StreetCircuity();
    learn(circuity, straightTrip);
    const before = circuity.factor(at(0, 0), at(0, 2000));
    // 600 m north, a two-minute stop, then 600 m back south: no stretch spans the stop.
    const out = segmentsAlong(
      [
        [0, 0],
        [0, 600],
      ],
      T0 + 50 * 3_600_000,
    );
    const back = segmentsAlong(
      [
        [0, 600],
        [0, 0],
      ],
      out.at(-1)!.to.t + 120_000,
    );
    for (const s of [...out, ...back]) circuity.observe('stop', 'car', s, straightSeconds);
    expect(circuity.factor(at(0, 0), at(0, 2000))).toBeCloseTo(before, 6);
  });

  it("takes a vehicle's own level where its trips take longer than the floor says", () => {
    const slow = new StreetCircuity();
    learn(slow, straightTrip, 1.6);
    expect(slow.circuity(at(0, 0), at(2000, 0), 'car', 1.35)).toBeCloseTo(1.6, 1);
    // Another vehicle has no level yet: the floor.
    expect(slow.circuity(at(0, 0), at(2000, 0), 'bike', 1.35)).toBeCloseTo(1.35, 2);

    const brisk = new StreetCircuity();
    learn(brisk, straightTrip, 1.1);
    expect(brisk.circuity(at(0, 0), at(2000, 0), 'car', 1.35)).toBeCloseTo(1.35, 2);
  });
});

describe('LearnedSpeeds with street circuity', () => {
  /** Fixes every 5 s along a trip, for `LearnedSpeeds.observe`. */
  function observeTrip(
    speeds: LearnedSpeeds,
    id: string,
    corners: [number, number][],
    startMs: number,
  ) {
    const segments = segmentsAlong(corners, startMs);
    for (const s of [segments[0]!.from, ...segments.map((x) => x.to)]) {
      speeds.observe(id, 'car', { t: s.t, lat: s.lat, lng: s.lng, accuracyMeters: 5 });
    }
  }

  function gridSpeeds(): LearnedSpeeds {
    const speeds = new LearnedSpeeds();
    for (let angle = 0; angle < 360; angle += 10) {
      observeTrip(speeds, `c${angle}`, gridTrip(angle), T0 + angle * 60_000);
    }
    return speeds;
  }

  it('learns the grid from fixes and keeps it across a snapshot', () => {
    const speeds = gridSpeeds();
    const diagonal = speeds.circuityOf(at(0, 0), at(1500, 1500), 'car', 1.35);
    const east = speeds.circuityOf(at(0, 0), at(2000, 0), 'car', 1.35);
    expect(diagonal / east).toBeGreaterThan(1.2);

    const restored = new LearnedSpeeds();
    restored.restore(JSON.parse(JSON.stringify(speeds.snapshot())));
    expect(restored.circuityOf(at(0, 0), at(1500, 1500), 'car', 1.35)).toBeCloseTo(diagonal, 9);
    expect(restored.circuityOf(at(0, 0), at(2000, 0), 'car', 1.35)).toBeCloseTo(east, 9);
  });

  it('makes the learned provider time a trip across the grid longer than one along it', () => {
    const provider = new LearnedSpeedProvider(gridSpeeds());
    const ctx = { vehicle: 'car' as const, departAt: T0 + 3_600_000 };
    const along = provider.travelSeconds(at(0, 0), at(2000, 0), ctx);
    const across = provider.travelSeconds(at(0, 0), at(1414, 1414), ctx);
    expect(across / along).toBeGreaterThan(1.2);
    // Without circuity learned, two trips of one length take one time.
    const fresh = new LearnedSpeedProvider(new LearnedSpeeds());
    expect(fresh.travelSeconds(at(0, 0), at(1414, 1414), ctx)).toBeCloseTo(
      fresh.travelSeconds(at(0, 0), at(2000, 0), ctx),
      0,
    );
  });

  it('loads a snapshot saved before circuity was learned, and refuses a malformed one', () => {
    const snapshot = gridSpeeds().snapshot();
    const { streetCircuity, ...older } = snapshot;
    const restored = new LearnedSpeeds();
    restored.restore(older);
    expect(restored.circuityOf(at(0, 0), at(1500, 1500), 'car', 1.35)).toBe(1.35);

    const area = streetCircuity!.areas[0]!;
    const broken = {
      ...snapshot,
      streetCircuity: { ...streetCircuity, areas: [{ ...area, means: area.means.slice(1) }] },
    };
    expect(() => restored.restore(broken)).toThrow(/street circuity area 0 is malformed/);
    const badLevel = {
      ...snapshot,
      streetCircuity: { ...streetCircuity, levels: [{ vehicle: 'tram', mean: 1.2, samples: 5 }] },
    };
    expect(() => restored.restore(badLevel)).toThrow(/street circuity level 0 is malformed/);
  });
});

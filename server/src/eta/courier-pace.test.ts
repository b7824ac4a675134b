import { H3_RES } from '@dispatch/shared';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { CourierPace } from './courier-pace';
import { LearnedSpeedProvider } from './learned-speed-provider';
import { LearnedSpeeds } from './learned-speeds';
import { circleTrack } from '../../../test/factories/synthetic-tracks';

const T10 = Date.UTC(2025, 2, 12, 10);
const [lat, lng] = cellToLatLng(latLngToCell(-20.46, -54.6, H3_RES.area));
const CENTER = { lat, lng };

/** `segments` segments of one courier, each taking `ratio` times the predicted 10 s. */
function drive(pace: CourierPace, courierId: number, ratio: number, segments: number): void {
  for (let i = 0; i < segments; i++) pace.observe(courierId, 'car', 10 * ratio, 10, T10 + i);
}

/** Couriers 1–4 keep to the predictions: the group they are compared with. */
function fleetPace(): CourierPace {
  const pace = new CourierPace();
  for (const id of [1, 2, 3, 4]) drive(pace, id, 1, 300);
  return pace;
}

/** Four couriers drive a car around the cell at 6 m/s for an hour each. */
function fleetSpeeds(): LearnedSpeeds {
  const speeds = new LearnedSpeeds();
  for (const id of [1, 2, 3, 4]) {
    for (const fix of circleTrack({ center: CENTER, speedMps: 6, startMs: T10, seconds: 3600 })) {
      speeds.observe(id, 'car', fix);
    }
  }
  return speeds;
}

function observeSlowCourier(speeds: LearnedSpeeds, courierId: number): void {
  const track = circleTrack({ center: CENTER, speedMps: 3, startMs: T10, seconds: 1800 });
  for (const fix of track) speeds.observe(courierId, 'car', fix);
}

const from = CENTER;
const to = { lat: lat + 0.004, lng: lng + 0.004 };
const atTen = { vehicle: 'car' as const, departAt: T10 + 1_800_000 };

describe('CourierPace', () => {
  it('gives a courier never seen the fleet pace', () => {
    expect(fleetPace().factor(99)).toBe(1);
  });

  it('finds a courier slower than its group slower, and one faster faster', () => {
    const pace = fleetPace();
    drive(pace, 5, 1.5, 300);
    drive(pace, 6, 0.8, 300);
    expect(pace.factor(5)).toBeGreaterThan(1.3);
    expect(pace.factor(6)).toBeLessThan(0.9);
  });

  it('judges a courier against its group, so an error every courier shares stays out', () => {
    const pace = new CourierPace();
    for (const id of [1, 2, 3, 4]) drive(pace, id, 1.4, 300);
    expect(pace.factor(1)).toBeCloseTo(1, 1);
  });

  it('leans towards the fleet while a courier has few segments', () => {
    const few = fleetPace();
    drive(few, 5, 2, 3);
    const many = fleetPace();
    drive(many, 5, 2, 300);
    expect(few.factor(5)).toBeLessThan(1.1);
    expect(many.factor(5)).toBeGreaterThan(1.5);
  });

  it('is hardly moved by one segment far off the prediction', () => {
    const pace = fleetPace();
    pace.observe(1, 'car', 10 * 100, 10, T10 + 1000);
    expect(pace.factor(1)).toBeLessThan(1.01);
  });

  it('starts afresh when a courier changes vehicle', () => {
    const pace = fleetPace();
    drive(pace, 5, 2, 300);
    pace.observe(5, 'bike', 10, 10, T10 + 1000);
    expect(pace.factor(5)).toBeCloseTo(1, 1);
  });
});

describe('a courier pace in the learned speeds', () => {
  it('makes a slow courier take longer once it has been seen, and no one else', () => {
    const speeds = fleetSpeeds();
    const provider = new LearnedSpeedProvider(speeds);
    expect(provider.travelSeconds(from, to, { ...atTen, courierId: 9 })).toBe(
      provider.travelSeconds(from, to, atTen),
    );
    observeSlowCourier(speeds, 9);
    // Its own segments slowed the cell for everyone too; its pace is on top of that.
    const shared = provider.travelSeconds(from, to, atTen);
    expect(provider.travelSeconds(from, to, { ...atTen, courierId: 9 })).toBeGreaterThan(
      1.15 * shared,
    );
    expect(provider.travelSeconds(from, to, { ...atTen, courierId: 1 })).toBeLessThan(shared);
    expect(provider.travelSeconds(from, to, { ...atTen, courierId: 77 })).toBe(shared);
  });

  it("keeps couriers' pace across a snapshot through JSON", () => {
    const speeds = fleetSpeeds();
    observeSlowCourier(speeds, 9);
    const copy = new LearnedSpeeds();
    copy.restore(JSON.parse(JSON.stringify(speeds.snapshot())));
    expect(copy.courierPaceFactor(9)).toBeGreaterThan(1.15);
    expect(copy.courierPaceFactor(9)).toBe(speeds.courierPaceFactor(9));
  });

  it('loads a snapshot saved before couriers had a pace, every courier as the fleet', () => {
    const speeds = fleetSpeeds();
    observeSlowCourier(speeds, 9);
    const { courierPace: _dropped, ...older } = speeds.snapshot();
    const copy = new LearnedSpeeds();
    expect(copy.restore(JSON.parse(JSON.stringify(older)))).toBe(speeds.size);
    expect(copy.courierPaceFactor(9)).toBe(1);
  });

  it('rejects a malformed courier pace in a snapshot', () => {
    const snapshot = fleetSpeeds().snapshot();
    const broken = { ...snapshot, courierPace: { groups: [], couriers: [{ courierId: 1 }] } };
    expect(() => new LearnedSpeeds().restore(broken)).toThrow(/courier pace entry 0/);
  });
});

import { haversineMeters, type Vehicle } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/rng';
import { gridNetwork } from '../streets/grid';
import { CourierMotion, type MotionEvent, type MotionStop } from './motion';
import { pointKey } from './world/street-keys';
import type { Segment, Traffic } from './world/types';

const CENTER = { lat: -20.46, lng: -54.6 };
const T0 = Date.UTC(2025, 0, 15, 12);
const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 2000 });
const STEP_MS = 250;

/** A node `east`/`north` blocks (200 m) from the centre. */
function nodeAt(east: number, north: number): { lat: number; lng: number } {
  const lat = CENTER.lat + (north * 200) / 111_320;
  const lng = CENTER.lng + (east * 200) / (111_320 * Math.cos((CENTER.lat * Math.PI) / 180));
  return network.node(network.nearestNode(lat, lng));
}

/** Traffic with every street at factor 1 and a 30 s red at one junction only. */
function oneRedLight(at: { lat: number; lng: number }): Traffic {
  const key = pointKey([at.lat, at.lng]);
  return {
    speedFactor: () => 1,
    junctionDelaySeconds: (segment: Segment, next: Segment | null) =>
      next && pointKey(segment.to) === key ? 30 : 0,
    corridorIncidents: () => [],
  };
}

interface Sample {
  t: number;
  lat: number;
  lng: number;
  speedMps: number;
  walking: boolean;
  parked: boolean;
}

function drive(
  motion: CourierMotion,
  stops: MotionStop[],
  cruiseMps: number,
  untilMs: number,
): { samples: Sample[]; events: MotionEvent[] } {
  motion.setStops(stops);
  const samples: Sample[] = [];
  const events: MotionEvent[] = [];
  for (let t = T0 + STEP_MS; t <= untilMs; t += STEP_MS) {
    events.push(...motion.advance(t, cruiseMps));
    samples.push({
      t,
      lat: motion.lat,
      lng: motion.lng,
      speedMps: motion.speedMps,
      walking: motion.walking,
      parked: motion.parkedAt !== null,
    });
  }
  return { samples, events };
}

function courier(vehicle: Vehicle, traffic: Traffic, start = nodeAt(0, 0)): CourierMotion {
  return new CourierMotion({
    network,
    start,
    startMs: T0,
    rng: createRng(5),
    vehicle,
    traffic,
    behaviour: { detourPropensity: 0, walkMps: 1.3 },
  });
}

const flat: Traffic = {
  speedFactor: () => 1,
  junctionDelaySeconds: () => 0,
  corridorIncidents: () => [],
};

describe('CourierMotion in a world', () => {
  it('stands still at a red light on the way, for the red time', () => {
    const light = nodeAt(2, 0);
    const target = nodeAt(4, 0);
    const stop = { ...target, id: 1, serviceSeconds: 60 };
    const withLight = drive(courier('bike', oneRedLight(light)), [stop], 5, T0 + 600_000);
    const without = drive(courier('bike', flat), [stop], 5, T0 + 600_000);
    const standing = withLight.samples.filter(
      (s) => s.speedMps === 0 && haversineMeters(s.lat, s.lng, light.lat, light.lng) < 1,
    );
    expect(standing.length * STEP_MS).toBeGreaterThanOrEqual(29_000);
    expect(standing.length * STEP_MS).toBeLessThanOrEqual(30_000);
    const arrived = (r: { events: MotionEvent[] }): number =>
      r.events.find((e) => e.type === 'arrived')!.atMs;
    expect(arrived(withLight) - arrived(without)).toBe(30_000);
  });

  it('parks a car short of the door and walks the last metres at walking speed', () => {
    const stop = { ...nodeAt(5, 3), id: 1, serviceSeconds: 60 };
    const { samples, events } = drive(courier('car', flat), [stop], 9, T0 + 900_000);
    const walking = samples.filter((s) => s.walking);
    expect(walking.length).toBeGreaterThan(0);
    for (const s of walking) {
      expect(s.speedMps).toBeCloseTo(1.3, 6);
      expect(s.parked).toBe(true);
    }
    const arrived = events.find((e) => e.type === 'arrived')!;
    const atArrival = samples.find((s) => s.t >= arrived.atMs)!;
    expect(haversineMeters(atArrival.lat, atArrival.lng, stop.lat, stop.lng)).toBeLessThan(0.5);
    // From the parked vehicle the courier covered 20-150 m on foot.
    const walkedMeters = (walking.length * STEP_MS * 1.3) / 1000;
    expect(walkedMeters).toBeGreaterThan(15);
    expect(walkedMeters).toBeLessThan(160);
  });

  it('walks back to the parked car before driving on, and drives off with it', () => {
    const first = { ...nodeAt(5, 3), id: 1, serviceSeconds: 30 };
    const second = { ...nodeAt(-4, -2), id: 2, serviceSeconds: 30 };
    const motion = courier('van', flat);
    const { samples, events } = drive(motion, [first, second], 8, T0 + 1_800_000);
    const departed = events.find((e) => e.type === 'departed' && e.stopId === 1)!.atMs;
    const after = samples.filter((s) => s.t > departed);
    expect(after[0]!.walking).toBe(true);
    const drivingAgain = after.find((s) => !s.walking && s.speedMps > 0)!;
    expect(drivingAgain.parked).toBe(false);
    expect(drivingAgain.speedMps).toBeGreaterThan(3 * 1.3); // driving, not walking
  });

  it('rides a bike to the door: no parking, no walking', () => {
    const stop = { ...nodeAt(5, 3), id: 1, serviceSeconds: 60 };
    const { samples, events } = drive(courier('bike', flat), [stop], 4.5, T0 + 900_000);
    expect(samples.some((s) => s.walking || s.parked)).toBe(false);
    const arrived = events.find((e) => e.type === 'arrived')!;
    const atArrival = samples.find((s) => s.t >= arrived.atMs)!;
    expect(haversineMeters(atArrival.lat, atArrival.lng, stop.lat, stop.lng)).toBeLessThan(0.5);
  });

  it('re-reads the speed along a long leg as the traffic changes', () => {
    const changing: Traffic = { ...flat, speedFactor: (_s, _v, t) => (t < T0 + 60_000 ? 1 : 0.5) };
    const stop = { ...nodeAt(8, 0), id: 1, serviceSeconds: 60 };
    const { samples } = drive(courier('bike', changing), [stop], 5, T0 + 120_000);
    expect(samples.find((s) => s.t === T0 + 30_000)!.speedMps).toBe(5);
    expect(samples.find((s) => s.t === T0 + 90_000)!.speedMps).toBe(2.5);
  });
});

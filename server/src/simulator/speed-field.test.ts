import { describe, expect, it } from 'vitest';
import { CourierAgent, type AgentEvent, type CourierAgentOptions } from './courier-agent';
import { createRng } from '../lib/rng';
import {
  NEUTRAL_SPEED_FIELD,
  createSpeedField,
  solarUtcOffsetMinutes,
  type SpeedField,
} from './speed-field';
import { gridNetwork } from '../streets/grid';

const CENTER = { lat: -20.46, lng: -54.6 };
const T0 = Date.UTC(2025, 0, 15, 3); // 03:00 UTC: night, outside any rush hour
const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 3000 });

/** Positions on a 30 × 30 lattice about 10 km across: spans dozens of res-7 cells. */
function lattice(): { lat: number; lng: number }[] {
  const points: { lat: number; lng: number }[] = [];
  for (let i = 0; i < 30; i++) {
    for (let j = 0; j < 30; j++) {
      points.push({ lat: CENTER.lat - 0.05 + i * 0.0033, lng: CENTER.lng - 0.05 + j * 0.0033 });
    }
  }
  return points;
}

function firstArrivalMs(speedField?: SpeedField): number {
  const options: CourierAgentOptions = {
    courierId: 1,
    vehicle: 'car',
    network,
    start: network.node(network.nearestNode(CENTER.lat, CENTER.lng)),
    startMs: T0,
    seqBase: 0,
    rng: createRng(5),
  };
  const agent = new CourierAgent(speedField ? { ...options, speedField } : options);
  const target = network.node(network.nearestNode(CENTER.lat + 0.012, CENTER.lng + 0.01));
  agent.setRoute({
    courierId: 1,
    version: 1,
    stops: [
      { id: 1, seq: 1, status: 'assigned', lat: target.lat, lng: target.lng, serviceSeconds: 60 },
    ],
  });
  const events: AgentEvent[] = [];
  for (let t = T0 + 500; t <= T0 + 3_600_000; t += 500) events.push(...agent.tick(t));
  const arrived = events.find((e) => e.type === 'arrived');
  if (!arrived) throw new Error('never arrived');
  return arrived.atMs;
}

describe('createSpeedField', () => {
  it('gives the same multipliers for the same seed and different ones for another seed', () => {
    const a = createSpeedField({ seed: 11 });
    const b = createSpeedField({ seed: 11 });
    const c = createSpeedField({ seed: 12 });
    const points = lattice();
    const of = (field: SpeedField): number[] => points.map((p) => field.placeFactor(p.lat, p.lng));
    expect(of(a)).toEqual(of(b));
    expect(of(a)).not.toEqual(of(c));
  });

  it('makes each place either ordinary (0.8-1.1) or a slow zone (0.35-0.6)', () => {
    const field = createSpeedField({ seed: 3, slowZoneShare: 0.5 });
    const factors = lattice().map((p) => field.placeFactor(p.lat, p.lng));
    const slow = factors.filter((f) => f >= 0.35 && f <= 0.6);
    const ordinary = factors.filter((f) => f >= 0.8 && f <= 1.1);
    expect(slow.length + ordinary.length).toBe(factors.length);
    expect(slow.length).toBeGreaterThan(0);
    expect(ordinary.length).toBeGreaterThan(0);
  });

  it('keeps one multiplier across a whole res-7 cell', () => {
    const field = createSpeedField({ seed: 3 });
    expect(field.placeFactor(CENTER.lat, CENTER.lng)).toBe(
      field.placeFactor(CENTER.lat + 0.00001, CENTER.lng + 0.00001),
    );
  });

  it('is slower in the local rush hours than at night', () => {
    const field = createSpeedField({ seed: 1, utcOffsetMinutes: -240 });
    const localHour = (h: number): number => Date.UTC(2025, 0, 15, h + 4);
    expect(field.timeFactor(localHour(8))).toBeLessThan(0.8);
    expect(field.timeFactor(localHour(18))).toBeLessThan(0.8);
    expect(field.timeFactor(localHour(2))).toBeGreaterThan(1);
  });

  it('changes smoothly between hours', () => {
    const field = createSpeedField({ seed: 1 });
    const at = (h: number, m: number): number => field.timeFactor(Date.UTC(2025, 0, 15, h, m));
    expect(at(7, 30)).toBeCloseTo((at(7, 0) + at(8, 0)) / 2, 10);
  });

  it('rejects a slow-zone share outside 0..1', () => {
    expect(() => createSpeedField({ seed: 1, slowZoneShare: 1.5 })).toThrow(RangeError);
  });
});

describe('solarUtcOffsetMinutes', () => {
  it('puts Campo Grande four hours behind UTC', () => {
    expect(solarUtcOffsetMinutes(-54.6)).toBe(-240);
  });
});

describe('a courier in a speed field', () => {
  it('drives exactly as before when no field is given', () => {
    expect(firstArrivalMs()).toBe(firstArrivalMs(NEUTRAL_SPEED_FIELD));
  });

  it('takes longer through slow zones', () => {
    const allSlow = createSpeedField({ seed: 1, slowZoneShare: 1 });
    const neutral = firstArrivalMs() - T0;
    const slowed = firstArrivalMs(allSlow) - T0;
    // Every cell is a slow zone (0.35-0.6) and 03:00 UTC is 1.1 at night: at least 1/(0.6*1.1) slower.
    expect(slowed / neutral).toBeGreaterThan(1 / (0.6 * 1.1) - 0.05);
  });
});

import { describe, expect, it } from 'vitest';
import { ConstantSpeedProvider } from './constant-speed-provider';

// One degree of latitude on the haversine sphere (R = 6 371 008.8 m) is 111 195.08 m.
const ONE_DEGREE_METERS = 111_195.08;
const A = { lat: 0, lng: 0 };
const B = { lat: 0.01, lng: 0 };
const ctx = { vehicle: 'car' as const, departAt: 0 };

describe('ConstantSpeedProvider', () => {
  it('takes straight-line distance × 1.35 at the vehicle prior', () => {
    const provider = new ConstantSpeedProvider();
    // 1 111.95 m × 1.35 / 9 m/s
    expect(provider.travelSeconds(A, B, ctx)).toBeCloseTo((ONE_DEGREE_METERS * 0.01 * 1.35) / 9, 6);
  });

  it('uses each vehicle’s own prior', () => {
    const provider = new ConstantSpeedProvider();
    const car = provider.travelSeconds(A, B, ctx);
    const walker = provider.travelSeconds(A, B, { vehicle: 'foot', departAt: 0 });
    expect(walker / car).toBeCloseTo(9 / 1.4, 9);
  });

  it('takes a circuity and speed overrides', () => {
    const provider = new ConstantSpeedProvider({ circuity: 1, speedMps: { car: 10 } });
    expect(provider.travelSeconds(A, B, ctx)).toBeCloseTo((ONE_DEGREE_METERS * 0.01) / 10, 6);
  });

  it('answers a row of targets in order', () => {
    const provider = new ConstantSpeedProvider();
    const C = { lat: 0.02, lng: 0 };
    expect(provider.travelSecondsFrom(A, [C, A, B], ctx)).toEqual([
      provider.travelSeconds(A, C, ctx),
      0,
      provider.travelSeconds(A, B, ctx),
    ]);
  });

  it('rejects a circuity below 1 and a non-positive speed', () => {
    expect(() => new ConstantSpeedProvider({ circuity: 0.9 })).toThrow(RangeError);
    expect(() => new ConstantSpeedProvider({ speedMps: { bike: 0 } })).toThrow(RangeError);
  });
});

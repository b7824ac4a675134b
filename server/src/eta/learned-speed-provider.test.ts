import { H3_RES } from '@dispatch/shared';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { ConstantSpeedProvider } from './constant-speed-provider';
import { LearnedSpeedProvider, type SpeedLookup } from './learned-speed-provider';
import { LearnedSpeeds } from './learned-speeds';
import { circleTrack } from '../../../test/factories/synthetic-tracks';
import { straightLineMeters } from './travel-time';

const T10 = Date.UTC(2025, 2, 12, 10);
const ctx = { vehicle: 'car' as const, departAt: T10 };

/** East of the meridian traffic crawls at a quarter of the prior; west of it, the prior. */
const halfSlow: SpeedLookup = {
  priorSpeedMps: () => 9,
  ratioAt: (_lat, lng) => (lng > 0 ? 0.25 : 1),
};

describe('LearnedSpeedProvider', () => {
  it('matches the constant baseline where nothing has been learned', () => {
    const learned = new LearnedSpeedProvider(new LearnedSpeeds());
    const baseline = new ConstantSpeedProvider();
    const from = { lat: -20.46, lng: -54.6 };
    const to = { lat: -20.43, lng: -54.57 };
    expect(learned.travelSeconds(from, to, ctx)).toBeCloseTo(
      baseline.travelSeconds(from, to, ctx),
      9,
    );
  });

  it('combines the cells along the way by harmonic mean, so a slow half weighs by its time', () => {
    const provider = new LearnedSpeedProvider(halfSlow);
    const from = { lat: 0, lng: -0.01 };
    const to = { lat: 0, lng: 0.01 };
    const atPrior = (straightLineMeters(from, to) * 1.35) / 9;
    // Half the way at 1/4 of the speed: (4 + 1) / 2 = 2.5 times as long (not 1 / 0.625 = 1.6).
    expect(provider.travelSeconds(from, to, ctx) / atPrior).toBeCloseTo(2.5, 9);
  });

  it('takes longer inside a cell where couriers were seen to crawl', () => {
    const cell = latLngToCell(-20.46, -54.6, H3_RES.area);
    const [lat, lng] = cellToLatLng(cell);
    const speeds = new LearnedSpeeds();
    for (const fix of circleTrack({
      center: { lat, lng },
      speedMps: 3,
      startMs: T10,
      seconds: 3600,
    })) {
      speeds.observe(1, 'car', fix);
    }
    const from = { lat, lng };
    const to = { lat: lat + 0.002, lng: lng + 0.002 };
    const slowed = new LearnedSpeedProvider(speeds).travelSeconds(from, to, ctx);
    const baseline = new ConstantSpeedProvider().travelSeconds(from, to, ctx);
    const ratio = speeds.estimate(cell, speeds.bucketOf(T10), ctx.vehicle).speedRatio;
    expect(ratio).toBeLessThan(0.4);
    expect(slowed).toBeCloseTo(baseline / ratio, 6);
  });

  it('answers zero for no distance', () => {
    const provider = new LearnedSpeedProvider(halfSlow);
    expect(provider.travelSeconds({ lat: 1, lng: 1 }, { lat: 1, lng: 1 }, ctx)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../../lib/rng';
import {
  createPhoneGps,
  metersBetween,
  type PhoneFix,
  type PhoneGpsOptions,
  type PhoneTruth,
} from './phone-gps';

const START_MS = Date.UTC(2025, 0, 15, 8);
const HERE = { lat: -20.46, lng: -54.6 };

/** No random outages or stale bursts unless a test asks: they would hide what it measures. */
const QUIET: Partial<PhoneGpsOptions> = { outagesPerHour: 0, staleBurstChance: 0 };

function truthAt(second: number, overrides: Partial<PhoneTruth> = {}): PhoneTruth {
  return {
    ...HERE,
    speedMps: 10,
    headingDeg: 90,
    atMs: START_MS + second * 1000,
    density: 0,
    covered: false,
    ...overrides,
  };
}

function run(
  seconds: number,
  options: Partial<PhoneGpsOptions>,
  truth: Partial<PhoneTruth>,
  seed = 7,
): PhoneFix[] {
  const phone = createPhoneGps(createRng(seed), options);
  const fixes: PhoneFix[] = [];
  for (let s = 0; s < seconds; s++) {
    const fix = phone.fix(truthAt(s, truth));
    if (fix) fixes.push(fix);
  }
  return fixes;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('createPhoneGps', () => {
  it('gives the same fixes for the same seed and truth', () => {
    const a = run(600, {}, { density: 0.5 });
    const b = run(600, {}, { density: 0.5 });
    expect(a).toEqual(b);
    expect(run(600, {}, { density: 0.5 }, 8)).not.toEqual(a);
  });

  it('errs more in dense blocks than under open sky', () => {
    const noJumps = { ...QUIET, openJumpsPerHour: 0, canyonJumpsPerHour: 0 };
    const open = run(3600, noJumps, { density: 0 }).map((f) => f.errorMeters);
    const dense = run(3600, noJumps, { density: 1 }).map((f) => f.errorMeters);
    expect(median(dense)).toBeGreaterThan(2.5 * median(open));
  });

  it('correlates the error of consecutive fixes', () => {
    const fixes = run(600, { ...QUIET, openJumpsPerHour: 0 }, { density: 0.5 });
    const steps = fixes.slice(1).map((f, i) => metersBetween(f, fixes[i]!));
    const errors = fixes.map((f) => f.errorMeters);
    // Independent draws would move the fix about as far as the error itself each second.
    expect(median(steps)).toBeLessThan(median(errors) / 3);
  });

  it('jumps 50–300 m at about the configured rate, each lasting one to a few fixes', () => {
    const hours = 20;
    const perHour = 1 + 20 * 0.5;
    const fixes = run(hours * 3600, QUIET, { density: 0.5 });
    const starts = fixes.filter((f, i) => f.jumpMeters > 0 && fixes[i - 1]?.jumpMeters === 0);
    expect(starts.length).toBeGreaterThan(0.8 * perHour * hours);
    expect(starts.length).toBeLessThan(1.2 * perHour * hours);
    for (const f of fixes.filter((x) => x.jumpMeters > 0)) {
      expect(f.jumpMeters).toBeGreaterThanOrEqual(50);
      expect(f.jumpMeters).toBeLessThanOrEqual(300);
    }
    const jumpFixes = fixes.filter((f) => f.jumpMeters > 0).length;
    expect(jumpFixes / starts.length).toBeGreaterThan(1);
    expect(jumpFixes / starts.length).toBeLessThanOrEqual(3);
  });

  it('jumps more often in dense blocks', () => {
    const count = (density: number) =>
      run(4 * 3600, QUIET, { density }).filter((f) => f.jumpMeters > 0).length;
    expect(count(1)).toBeGreaterThan(5 * count(0));
  });

  it('lets a standing device wander by metres over minutes', () => {
    const noJumps = { ...QUIET, openJumpsPerHour: 0, canyonJumpsPerHour: 0 };
    const standing = run(20 * 60, noJumps, { speedMps: 0 });
    const moving = run(20 * 60, noJumps, { speedMps: 10 });
    const errors = (fixes: PhoneFix[]) => fixes.map((f) => f.errorMeters);
    expect(median(errors(standing))).toBeGreaterThan(2 * median(errors(moving)));
    // It walks, it does not jump: tens of metres over the run, a metre or two a second.
    const spread = Math.max(...standing.map((f) => metersBetween(f, standing[0]!)));
    expect(spread).toBeGreaterThan(10);
    const steps = standing.slice(1).map((f, i) => metersBetween(f, standing[i]!));
    expect(median(steps)).toBeLessThan(2);
  });

  it('reports no heading while standing', () => {
    const fixes = run(60, QUIET, { speedMps: 0 });
    expect(fixes.every((f) => f.headingDeg === null)).toBe(true);
    expect(run(60, QUIET, { speedMps: 10 }).every((f) => f.headingDeg !== null)).toBe(true);
  });

  it('reports a doppler speed near the true one', () => {
    const speeds = run(600, QUIET, { speedMps: 12 }).map((f) => f.speedMps);
    expect(Math.abs(median(speeds) - 12)).toBeLessThan(0.5);
    expect(new Set(speeds).size).toBeGreaterThan(1);
  });

  it('gives no fix while covered', () => {
    const phone = createPhoneGps(createRng(1), QUIET);
    expect(phone.fix(truthAt(0))).not.toBeNull();
    expect(phone.fix(truthAt(1, { covered: true }))).toBeNull();
  });

  it('repeats the last position with new timestamps after a gap, then recovers', () => {
    const phone = createPhoneGps(createRng(3), { ...QUIET, staleBurstChance: 1, staleMaxFixes: 3 });
    let last: PhoneFix | null = null;
    for (let s = 0; s < 30; s++) last = phone.fix(truthAt(s, { lng: HERE.lng + s * 1e-4 }));
    for (let s = 30; s < 90; s++) phone.fix(truthAt(s, { covered: true }));
    const after = [90, 91, 92, 93].map((s) => phone.fix(truthAt(s, { lng: HERE.lng + s * 1e-4 })));
    expect(after[0]).toMatchObject({ lat: last!.lat, lng: last!.lng, atMs: truthAt(90).atMs });
    expect(after[0]!.stale).toBe(true);
    expect(after.at(-1)!.stale).toBe(false);
    const stale = after.filter((f) => f!.stale);
    expect(stale.every((f) => f!.lat === last!.lat && f!.lng === last!.lng)).toBe(true);
  });

  it('has random outages followed by gaps in the fixes', () => {
    const fixes = run(3600, { outagesPerHour: 10, staleBurstChance: 0 }, {});
    expect(fixes.length).toBeLessThan(3600);
    expect(fixes.length).toBeGreaterThan(3000);
  });

  it('scales the reported accuracy by the device factor without changing the true error', () => {
    const honest = run(300, { ...QUIET, accuracyFactor: 1, fixedAccuracyMeters: null }, {});
    const boastful = run(300, { ...QUIET, accuracyFactor: 0.4, fixedAccuracyMeters: null }, {});
    expect(boastful.map((f) => [f.lat, f.lng, f.errorMeters])).toEqual(
      honest.map((f) => [f.lat, f.lng, f.errorMeters]),
    );
    expect(median(boastful.map((f) => f.accuracyMeters))).toBeCloseTo(
      0.4 * median(honest.map((f) => f.accuracyMeters)),
      0,
    );
  });

  it('lets a fixed-accuracy device claim the same whatever happens', () => {
    const fixes = run(3600, { ...QUIET, fixedAccuracyMeters: 10 }, { density: 1 });
    expect(new Set(fixes.map((f) => f.accuracyMeters))).toEqual(new Set([10]));
    expect(Math.max(...fixes.map((f) => f.errorMeters))).toBeGreaterThan(50);
  });

  it('draws device traits within the configured ranges', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { traits } = createPhoneGps(createRng(seed));
      expect(traits.accuracyFactor).toBeGreaterThanOrEqual(0.4);
      expect(traits.accuracyFactor).toBeLessThanOrEqual(2.5);
    }
    const fixed = Array.from({ length: 200 }, (_, i) => createPhoneGps(createRng(i)).traits);
    const share = fixed.filter((t) => t.fixedAccuracyMeters !== null).length / fixed.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.3);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMeters } from '@dispatch/shared';
import { classifyMotion, dwellRadiusMeters } from './motion';
import { MotionTracker } from './motion-tracker';
import {
  RULES,
  T0,
  driveFixes,
  fixAt,
  jitterFixes,
} from '../../../test/factories/detect-factories';
import type { MotionFix } from './types';

function trackerWith(fixes: readonly MotionFix[]): MotionTracker {
  const tracker = new MotionTracker(RULES);
  tracker.addAll(fixes);
  return tracker;
}

describe('classifyMotion', () => {
  it('reads jitter inside the dwell radius as dwelling, not movement', () => {
    const motion = classifyMotion(jitterFixes(0, 600, 12), RULES);
    expect(motion.state).toBe('dwelling');
    expect(motion.dwell?.since).toBe(T0);
    expect(motion.dwell?.lastT).toBe(T0 + 600_000);
    expect(motion.endedDwell).toBeNull();
  });

  it('puts the dwell anchor near the true position despite the jitter', () => {
    const { dwell } = classifyMotion(jitterFixes(0, 300, 12), RULES);
    const anchorOffset = haversineMeters(
      dwell!.anchor.lat,
      dwell!.anchor.lng,
      fixAt(0).lat,
      fixAt(0).lng,
    );
    expect(anchorOffset).toBeLessThan(10);
  });

  it('reads a steady 10 m/s as moving', () => {
    const motion = classifyMotion(driveFixes(0, 300, 10), RULES);
    expect(motion.state).toBe('moving');
    expect(motion.dwell).toBeNull();
  });

  it('reads a walk at 1.4 m/s as moving', () => {
    expect(classifyMotion(driveFixes(0, 600, 1.4), RULES).state).toBe('moving');
  });

  it('never holds a creep at 0.2 m/s in one dwell for 5 min', () => {
    const tracker = new MotionTracker(RULES);
    let longestMs = 0;
    for (const fix of driveFixes(0, 1200, 0.2)) {
      tracker.add(fix);
      const { dwell } = tracker.state;
      if (dwell) longestMs = Math.max(longestMs, dwell.lastT - dwell.since);
    }
    expect(longestMs).toBeLessThan(5 * 60_000);
  });

  it('ignores one implausible jump (5 km in 2 s) and keeps the dwell', () => {
    const fixes = [...jitterFixes(0, 180), fixAt(182, 5000), ...jitterFixes(183, 400)];
    const motion = classifyMotion(fixes, RULES);
    expect(motion.state).toBe('dwelling');
    expect(motion.dwell?.since).toBe(T0);
    expect(motion.endedDwell).toBeNull();
  });

  it('ignores fixes reporting an accuracy worse than 100 m', () => {
    const poor = [fixAt(181, 400, 0, 150), fixAt(182, 420, 0, 150), fixAt(183, 440, 0, 150)];
    const motion = classifyMotion([...jitterFixes(0, 180), ...poor], RULES);
    expect(motion.state).toBe('dwelling');
    expect(motion.latestFix?.t).toBe(T0 + 180_000);
  });

  it('does not leave a dwell on one fix beyond the radius', () => {
    const fixes = [...jitterFixes(0, 180), fixAt(181, 60), ...jitterFixes(182, 240)];
    const motion = classifyMotion(fixes, RULES);
    expect(motion.dwell?.since).toBe(T0);
    expect(motion.endedDwell).toBeNull();
  });

  it('leaves a dwell on two consecutive fixes beyond the radius and remembers it', () => {
    const fixes = [...jitterFixes(0, 180), ...driveFixes(181, 240, 10, 40)];
    const motion = classifyMotion(fixes, RULES);
    expect(motion.state).toBe('moving');
    expect(motion.endedDwell).toMatchObject({ since: T0, lastT: T0 + 180_000 });
  });

  it('does not flap on fixes alternating just inside and just outside the radius', () => {
    const edge = Array.from({ length: 300 }, (_, i) => fixAt(i + 1, i % 2 === 0 ? 27 : 33));
    const motion = classifyMotion([fixAt(0), ...edge], RULES);
    expect(motion.state).toBe('dwelling');
    expect(motion.dwell?.since).toBe(T0);
    expect(motion.endedDwell).toBeNull();
  });

  it('places the courier at the median of its latest fixes, past a stray fix', () => {
    const fixes = [...jitterFixes(0, 180, 3), fixAt(181, 50)];
    const { latestFix, position } = classifyMotion(fixes, RULES);
    expect(latestFix?.t).toBe(T0 + 181_000);
    const origin = fixAt(0);
    expect(haversineMeters(position!.lat, position!.lng, origin.lat, origin.lng)).toBeLessThan(5);
  });

  it('widens the dwell radius to twice the reported accuracy, up to 50 m', () => {
    expect(dwellRadiusMeters(null, RULES)).toBe(30);
    expect(dwellRadiusMeters(10, RULES)).toBe(30);
    expect(dwellRadiusMeters(20, RULES)).toBe(40);
    expect(dwellRadiusMeters(40, RULES)).toBe(50);
    expect(dwellRadiusMeters(90, RULES)).toBe(50);
  });

  it('counts a fix 45 m off as inside when it reports 40 m accuracy', () => {
    const fixes = [...jitterFixes(0, 180, 3), fixAt(181, 45, 0, 40), fixAt(182, 45, 0, 40)];
    expect(classifyMotion(fixes, RULES).endedDwell).toBeNull();
  });

  it('leaves on fixes 60 m off however poor an accuracy they claim', () => {
    const fixes = [...jitterFixes(0, 180, 3), fixAt(185, 60, 0, 40), fixAt(186, 60, 0, 40)];
    expect(classifyMotion(fixes, RULES).endedDwell).toMatchObject({ since: T0 });
  });

  it('never holds a walk at 0.3 m/s claiming 40 m accuracy in one dwell for 5 min', () => {
    const tracker = new MotionTracker(RULES);
    let longestMs = 0;
    for (const fix of driveFixes(0, 1200, 0.3)) {
      tracker.add({ ...fix, accuracyMeters: 40 });
      const { dwell } = tracker.state;
      if (dwell) longestMs = Math.max(longestMs, dwell.lastT - dwell.since);
    }
    expect(longestMs).toBeLessThan(5 * 60_000);
  });
});

describe('MotionTracker', () => {
  const track = [
    ...jitterFixes(0, 200, 10),
    fixAt(201, 4000),
    ...driveFixes(202, 300, 9, 20),
    fixAt(301, 900, 0, 150),
    ...jitterFixes(302, 500, 10, 900),
  ];

  it('matches classifyMotion when fed in order', () => {
    expect(trackerWith(track).state).toEqual(classifyMotion(track, RULES));
  });

  it('gives the same result for out-of-order fixes as for in-order ones', () => {
    const shuffled = fc.array(fc.double({ min: 0, max: 12, noNaN: true }), {
      minLength: track.length,
      maxLength: track.length,
    });
    fc.assert(
      fc.property(shuffled, (delays) => {
        const order = track
          .map((fix, i) => ({ fix, key: i + delays[i]! }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.fix);
        expect(trackerWith(order).state).toEqual(classifyMotion(track, RULES));
      }),
      { numRuns: 50 },
    );
  });

  it('places a late fix in time order', () => {
    const tracker = trackerWith(jitterFixes(0, 100));
    expect(tracker.add(fixAt(95.5, 1, 1))).toBe('inserted');
    expect(tracker.add(fixAt(101))).toBe('appended');
  });

  it('ignores a fix older than a full window', () => {
    const tracker = trackerWith(jitterFixes(0, RULES.windowFixes + 10));
    expect(tracker.add(fixAt(5, 500))).toBe('ignored');
  });

  it('ignores a second fix with the same device time', () => {
    const tracker = trackerWith(jitterFixes(0, 10));
    expect(tracker.add(fixAt(10, 300))).toBe('ignored');
  });
});

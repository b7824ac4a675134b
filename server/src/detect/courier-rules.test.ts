import { describe, expect, it } from 'vitest';
import {
  finalStallDetails,
  offlineDetector,
  offlineWakeAt,
  stallDetector,
  type PresenceView,
  type RouteView,
} from './courier-rules';
import {
  RULES,
  T0,
  northEastOf,
  dwellingState,
  makeDetectStop,
} from '../../../test/factories/detect-factories';

const farRoute: RouteView = { stops: [makeDetectStop()], stallClockFromT: null };

describe('stallDetector', () => {
  it('finds a courier stalled after dwelling 5 min far from its next stop', () => {
    const finding = stallDetector(dwellingState(0, 300), farRoute, RULES);
    expect(finding).toEqual({
      kind: 'stalled',
      severity: 'warning',
      details: { from: T0, to: T0 + 300_000, anchor: northEastOf(0, 0), minutes: 5 },
    });
  });

  it('does not find a stall before 5 min', () => {
    expect(stallDetector(dwellingState(0, 299), farRoute, RULES)).toBeNull();
  });

  it('does not find a stall while moving', () => {
    const moving = { ...dwellingState(0, 600), state: 'moving' as const, dwell: null };
    expect(stallDetector(moving, farRoute, RULES)).toBeNull();
  });

  it('does not find a courier dwelling within 100 m of its next stop stalled', () => {
    const near = makeDetectStop({ ...northEastOf(90, 0) });
    expect(
      stallDetector(dwellingState(0, 900), { stops: [near], stallClockFromT: null }, RULES),
    ).toBeNull();
  });

  it('does not find a courier serving a stop (status arrived) stalled', () => {
    const route = {
      stops: [makeDetectStop({ status: 'arrived', arrivedAt: T0 })],
      stallClockFromT: null,
    };
    expect(stallDetector(dwellingState(0, 900), route, RULES)).toBeNull();
  });

  it('does not find a courier with no open stops stalled', () => {
    expect(
      stallDetector(dwellingState(0, 900), { stops: [], stallClockFromT: null }, RULES),
    ).toBeNull();
  });

  it('counts the stall from when work resumed, not from the start of the dwell', () => {
    const route = { stops: [makeDetectStop()], stallClockFromT: T0 + 200_000 };
    expect(stallDetector(dwellingState(0, 450), route, RULES)).toBeNull();
    expect(stallDetector(dwellingState(0, 500), route, RULES)?.details.from).toBe(T0 + 200_000);
  });

  it('turns critical after 15 min', () => {
    expect(stallDetector(dwellingState(0, 900), farRoute, RULES)?.severity).toBe('critical');
  });
});

describe('stallDetector with a stall already alerted', () => {
  const open = stallDetector(dwellingState(0, 400), farRoute, RULES)!.details;
  /** Moving (no dwell), seen at `north` metres from the anchor, `seconds` after T0. */
  const wandered = (seconds: number, north: number) => ({
    state: 'moving' as const,
    dwell: null,
    latestFix: { t: T0 + seconds * 1000, ...northEastOf(north, 0), accuracyMeters: 5 },
    position: northEastOf(north, 0),
    endedDwell: { since: open.from, lastT: open.to, anchor: open.anchor },
  });

  it('goes on from where it began while the phone wanders within the hold distance', () => {
    const finding = stallDetector(wandered(460, 45), farRoute, RULES, open);
    expect(finding?.details).toMatchObject({ from: T0, to: open.to, anchor: open.anchor });
  });

  it('keeps its start when a new dwell forms near its anchor', () => {
    const redwell = dwellingState(430, 520, northEastOf(40, 0));
    expect(stallDetector(redwell, farRoute, RULES, open)?.details).toMatchObject({
      from: T0,
      to: T0 + 520_000,
    });
    // Without the open stall the new dwell is too young to be a stall.
    expect(stallDetector(redwell, farRoute, RULES)).toBeNull();
  });

  it('ends once the courier is seen beyond the hold distance', () => {
    expect(stallDetector(wandered(460, 61), farRoute, RULES, open)).toBeNull();
  });

  it('goes on when only the latest fix strays beyond the hold distance', () => {
    const stray = { t: T0 + 460_000, ...northEastOf(70, 0), accuracyMeters: 5 };
    const motion = { ...wandered(460, 20), latestFix: stray };
    expect(stallDetector(motion, farRoute, RULES, open)?.details.from).toBe(T0);
  });

  it('ends when the courier arrives at a stop or the stall clock restarts', () => {
    const arrived = {
      stops: [makeDetectStop({ status: 'arrived', arrivedAt: T0 })],
      stallClockFromT: null,
    };
    expect(stallDetector(wandered(460, 10), arrived, RULES, open)).toBeNull();
    const newWork = { stops: [makeDetectStop()], stallClockFromT: T0 + 450_000 };
    expect(stallDetector(wandered(460, 10), newWork, RULES, open)).toBeNull();
  });
});

describe('finalStallDetails', () => {
  it('extends the closing stall to the last fix of the dwell it was about', () => {
    const open = stallDetector(dwellingState(0, 320), farRoute, RULES)!.details;
    const left = { ...dwellingState(0, 0), state: 'moving' as const, dwell: null };
    const motion = {
      ...left,
      endedDwell: { since: T0, lastT: T0 + 345_000, anchor: northEastOf(0, 0) },
    };
    expect(finalStallDetails(open, motion)).toMatchObject({
      from: T0,
      to: T0 + 345_000,
      minutes: 5,
    });
  });
});

describe('offlineDetector', () => {
  const presence: PresenceView = {
    shift: { startMs: T0 - 3_600_000, endMs: T0 + 3_600_000 },
    openStopCount: 2,
    lastReceivedAt: T0,
    watchedSince: T0 - 600_000,
    lastFixT: T0 - 1_000,
  };

  it('finds a courier on shift with open stops and no ping for 120 s offline', () => {
    expect(offlineDetector(presence, T0 + 120_000, RULES)).toEqual({
      kind: 'offline',
      severity: 'warning',
      details: { lastReceivedAt: T0, silentSince: T0, lastFixT: T0 - 1_000 },
    });
  });

  it('does not find a courier silent for 119 s offline', () => {
    expect(offlineDetector(presence, T0 + 119_000, RULES)).toBeNull();
  });

  it('does not find a courier with no open stops offline', () => {
    expect(offlineDetector({ ...presence, openStopCount: 0 }, T0 + 600_000, RULES)).toBeNull();
  });

  it('does not find a courier off shift offline', () => {
    expect(offlineDetector(presence, T0 + 3_600_000, RULES)).toBeNull();
  });

  it('gives a fresh grace period from the shift start', () => {
    const shift = { startMs: T0 + 60_000, endMs: T0 + 3_600_000 };
    expect(offlineDetector({ ...presence, shift }, T0 + 179_000, RULES)).toBeNull();
    expect(offlineDetector({ ...presence, shift }, T0 + 180_000, RULES)).not.toBeNull();
  });

  it('counts the silence from when watching began when no ping ever came', () => {
    const never = { ...presence, lastReceivedAt: null, watchedSince: T0 };
    expect(offlineDetector(never, T0 + 120_000, RULES)?.details.silentSince).toBe(T0);
  });

  it('turns critical after 10 min of silence', () => {
    expect(offlineDetector(presence, T0 + 600_000, RULES)?.severity).toBe('critical');
  });

  it('wakes at the offline deadline, then at the critical one, then at the shift end', () => {
    expect(offlineWakeAt(presence, T0, RULES)).toBe(T0 + 120_000);
    expect(offlineWakeAt(presence, T0 + 120_000, RULES)).toBe(T0 + 600_000);
    expect(offlineWakeAt(presence, T0 + 600_000, RULES)).toBe(T0 + 3_600_000);
  });
});

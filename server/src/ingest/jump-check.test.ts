import { describe, expect, it } from 'vitest';
import { REANCHOR_SPAN_MS, flagJumps, jumpFlag, type JumpState } from './jump-check';

const MAX_KMH = 200;
const BERLIN = { lat: 52.5163, lng: 13.3777 };
const PARIS = { lat: 48.8584, lng: 2.2945 };
const MIN = 60_000;

describe('fixes that jump farther than a vehicle could go', () => {
  it('takes any fix when the courier has no live position', () => {
    expect(jumpFlag(null, { t: 0, ...PARIS }, MAX_KMH)).toBeNull();
  });

  it('takes a fix a few hundred metres on after a minute', () => {
    const next = { t: MIN, lat: BERLIN.lat + 0.003, lng: BERLIN.lng };
    expect(jumpFlag({ t: 0, ...BERLIN }, next, MAX_KMH)).toBeNull();
  });

  it('flags Paris a minute after Berlin', () => {
    expect(jumpFlag({ t: 0, ...BERLIN }, { t: MIN, ...PARIS }, MAX_KMH)).toBe('jump');
  });

  it('takes Paris again once enough time passed to get there', () => {
    // About 880 km: under 200 km/h after five hours.
    expect(jumpFlag({ t: 0, ...BERLIN }, { t: 5 * 60 * MIN, ...PARIS }, MAX_KMH)).toBeNull();
  });

  it('judges a batch in time order against the last fix taken, not the jump', () => {
    const live = { t: 0, ...BERLIN };
    const batch = [
      { t: 3 * MIN, lat: BERLIN.lat + 0.002, lng: BERLIN.lng },
      { t: MIN, ...PARIS },
      { t: 2 * MIN, lat: BERLIN.lat + 0.001, lng: BERLIN.lng },
    ];
    const { flags, state } = flagJumps({ live, suspects: [] }, batch, MAX_KMH);
    expect(flags).toEqual([null, 'jump', null]);
    expect(state.live).toEqual(batch[0]);
  });

  it('keeps the live position when every fix of a batch is a jump', () => {
    const live = { t: 0, ...BERLIN };
    const { flags, state } = flagJumps({ live, suspects: [] }, [{ t: MIN, ...PARIS }], MAX_KMH);
    expect(flags).toEqual(['jump']);
    expect(state.live).toEqual(live);
  });

  it('moves the live position once fixes agree on being elsewhere, across batches', () => {
    let state: JumpState = { live: { t: 0, ...BERLIN }, suspects: [] };
    const flagsOf = (t: number, lat: number) => {
      const checked = flagJumps(state, [{ t, lat, lng: PARIS.lng }], MAX_KMH);
      state = checked.state;
      return checked.flags[0];
    };
    expect(flagsOf(MIN, PARIS.lat)).toBe('jump');
    expect(flagsOf(MIN + 10_000, PARIS.lat + 0.0005)).toBe('jump');
    // Three that agree over 20 s: the device is in Paris.
    expect(flagsOf(MIN + REANCHOR_SPAN_MS, PARIS.lat + 0.001)).toBeNull();
    expect(state.live).toEqual({
      t: MIN + REANCHOR_SPAN_MS,
      lat: PARIS.lat + 0.001,
      lng: PARIS.lng,
    });
    expect(flagsOf(MIN + REANCHOR_SPAN_MS + 5_000, PARIS.lat + 0.0012)).toBeNull();
  });

  it('keeps the live position when the jumps disagree with each other or come too fast', () => {
    const live = { t: 0, ...BERLIN };
    const scattered = [
      { t: MIN, ...PARIS },
      { t: MIN + 15_000, lat: 40.4168, lng: -3.7038 },
      { t: MIN + 30_000, ...PARIS },
    ];
    expect(flagJumps({ live, suspects: [] }, scattered, MAX_KMH).flags).toEqual([
      'jump',
      'jump',
      'jump',
    ]);
    const quick = [1, 2, 3].map((k) => ({ t: MIN + k * 1000, ...PARIS }));
    const after = flagJumps({ live, suspects: [] }, quick, MAX_KMH);
    expect(after.flags).toEqual(['jump', 'jump', 'jump']);
    expect(after.state.live).toEqual(live);
  });
});

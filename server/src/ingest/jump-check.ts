import { isImplausibleJump } from '../detect/motion';

/** A position as the jump check reads it; device time, epoch ms. */
export interface CheckedFix {
  t: number;
  lat: number;
  lng: number;
}

/** Why a stored fix does not move the live position; null for a fix taken as it is. */
export type FixFlag = 'jump' | null;

/**
 * Whether a fix is a jump: reaching it from the courier's live position (its latest accepted
 * fix) would need more than `maxSpeedKmh`, the motion classifier's limit (gaps under a second
 * count as a second). Without a live position nothing is a jump. A device that really moved
 * while silent is taken again once the time since its live fix makes the distance plausible.
 */
export function jumpFlag(live: CheckedFix | null, fix: CheckedFix, maxSpeedKmh: number): FixFlag {
  if (live === null) return null;
  return isImplausibleJump(live, fix, { maxSpeedKmh }) ? 'jump' : null;
}

/**
 * Flagged fixes that agree with each other (each reachable from the one before) this many times,
 * over at least `REANCHOR_SPAN_MS` of device time, move the reference: the device really is
 * elsewhere (a phone carried while switched off, a first fix that was stale), and a courier must
 * not stay frozen on the map for hours. One glitch, or jumps scattered around, never do.
 */
export const REANCHOR_FIXES = 3;
export const REANCHOR_SPAN_MS = 20_000;

/** The jump check's memory per device: the live position and the flagged fixes that agree. */
export interface JumpState {
  live: CheckedFix | null;
  /** Consecutive flagged fixes, oldest first, each plausible from the one before. */
  suspects: CheckedFix[];
}

/**
 * Flags a batch against the live position, in device-time order: each accepted fix newer than
 * the live one becomes the reference for the next, and a run of agreeing flagged fixes long
 * enough moves it there (the run's last fix is taken). Returns the flags in the batch's order and
 * the state after it.
 */
export function flagJumps(
  state: JumpState,
  fixes: readonly CheckedFix[],
  maxSpeedKmh: number,
): { flags: FixFlag[]; state: JumpState } {
  const flags: FixFlag[] = new Array<FixFlag>(fixes.length).fill(null);
  const order = fixes.map((_, i) => i).sort((a, b) => fixes[a]!.t - fixes[b]!.t);
  let reference = state.live;
  let suspects = state.suspects;
  for (const i of order) {
    const fix = fixes[i]!;
    const position = { t: fix.t, lat: fix.lat, lng: fix.lng };
    if (jumpFlag(reference, fix, maxSpeedKmh) === null) {
      if (reference === null || fix.t > reference.t) {
        reference = position;
        suspects = [];
      }
      continue;
    }
    flags[i] = 'jump';
    if (fix.t <= reference!.t) continue;
    const previous = suspects.at(-1);
    suspects =
      previous && fix.t > previous.t && jumpFlag(previous, fix, maxSpeedKmh) === null
        ? [...suspects, position]
        : [position];
    if (suspects.length >= REANCHOR_FIXES && fix.t - suspects[0]!.t >= REANCHOR_SPAN_MS) {
      flags[i] = null;
      reference = position;
      suspects = [];
    }
  }
  return { flags, state: { live: reference, suspects } };
}

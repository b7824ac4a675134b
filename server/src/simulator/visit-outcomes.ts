import type { FailureReason } from '@dispatch/shared';
import type { Rng } from '../lib/rng';
import { FIRST_NAMES, LAST_NAMES } from './demo-names';

/** Share of visits that fail, as on a real day. */
export const FAILED_ATTEMPT_SHARE = 0.03;
/** Share of deliveries the recipient signs for on the phone (a signature image is uploaded). */
export const SIGNED_SHARE = 0.25;

/** Why attempts fail, and how often: mostly nobody home. */
export const FAILURE_MIX: readonly (readonly [FailureReason, number])[] = [
  ['not_home', 0.62],
  ['no_access', 0.12],
  ['wrong_address', 0.08],
  ['refused', 0.07],
  ['other', 0.05],
  ['unsafe', 0.03],
  ['damaged', 0.03],
];

/** What a courier noted for an `other` failure. */
const OTHER_NOTES = ['shop closed for lunch', 'gate locked', 'dog in the yard'] as const;

/** How a simulated visit ends. */
export type SimulatedVisit =
  | { outcome: 'failed'; reasonCode: FailureReason; note?: string }
  | { outcome: 'delivered'; recipientName: string; signed: boolean };

/**
 * A visit's outcome drawn from the day's odds: a few fail (the reason from {@link FAILURE_MIX},
 * `other` with a note), the rest are handed to a named recipient, a share of whom sign.
 */
export function simulatedVisit(rng: Rng): SimulatedVisit {
  if (rng.chance(FAILED_ATTEMPT_SHARE)) {
    const reasonCode = weighted(rng, FAILURE_MIX);
    return reasonCode === 'other'
      ? { outcome: 'failed', reasonCode, note: rng.pick(OTHER_NOTES) }
      : { outcome: 'failed', reasonCode };
  }
  return {
    outcome: 'delivered',
    recipientName: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    signed: rng.chance(SIGNED_SHARE),
  };
}

function weighted<T>(rng: Rng, mix: readonly (readonly [T, number])[]): T {
  const total = mix.reduce((sum, [, w]) => sum + w, 0);
  let x = rng.range(0, total);
  for (const [item, w] of mix) {
    x -= w;
    if (x < 0) return item;
  }
  return mix[mix.length - 1]![0];
}

import { timingSafeEqual } from 'node:crypto';
import {
  DomainError,
  FAILURE_REASONS,
  type FailureReason,
  type StopVisitReport,
} from '@dispatch/shared';

/** What a device reports about one of its stops (`stop:<outcome>`). */
export const VISIT_OUTCOMES = ['en_route', 'arrived', 'delivered', 'failed'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** Why an attempt failed, as stored: the code and the courier's note. */
export interface FailureCause {
  code: FailureReason;
  note: string | null;
}

/** A courier's text without surrounding blanks, or null when there is none. */
export const textOrNull = (text: string | undefined): string | null => text?.trim() || null;

/**
 * Refuses what a report carries that its event cannot use: proof and notes belong to a
 * completion, a reason to a failed attempt, and a failed attempt's proof is only photos.
 */
export function checkVisitFields(outcome: VisitOutcome, visit: StopVisitReport): void {
  const completes = outcome === 'delivered' || outcome === 'failed';
  if (!completes && (visit.proof || visit.note))
    throw new DomainError('invalid', `stop:${outcome} carries no proof or note`);
  if (outcome !== 'failed' && (visit.reasonCode || visit.reason))
    throw new DomainError('invalid', 'only a failed attempt has a reason');
  if (outcome === 'failed' && visit.proof) {
    const { photoIds: _photos, ...rest } = visit.proof;
    if (Object.keys(rest).length > 0)
      throw new DomainError('invalid', 'a failed attempt carries photos only, in proof.photoIds');
  }
}

/**
 * The cause of a failed attempt: `reasonCode` with the courier's note, or an older device's
 * free-text `reason`, read as `other` with that text as the note. `other` needs a note.
 */
export function failureOf(visit: StopVisitReport): FailureCause {
  const note = textOrNull(visit.note) ?? textOrNull(visit.reason);
  const code = visit.reasonCode ?? (visit.reason !== undefined ? 'other' : undefined);
  if (!code) {
    throw new DomainError(
      'invalid',
      `a failed attempt needs a reasonCode (${FAILURE_REASONS.join(', ')})`,
      [{ path: '/reasonCode', message: 'required' }],
    );
  }
  if (code === 'other' && !note) {
    throw new DomainError('invalid', 'the reason "other" needs a note saying what happened', [
      { path: '/note', message: 'required with reasonCode other' },
    ]);
  }
  return { code, note };
}

/** A failure cause in plain words for alerts and logs: "not home", "other: gate locked". */
export function failureText(code: FailureReason | null, note: string | null): string | null {
  if (!code) return note;
  if (code === 'other') return note ?? code;
  const words = code.replaceAll('_', ' ');
  return note ? `${words}: ${note}` : words;
}

/**
 * Whether a stop that asks for the customer's code may be handed over: the code read out must
 * match. Returns whether a code was checked; throws `invalid` (changing nothing) when it does not
 * match or is missing.
 */
export function checkDeliveryCode(
  stop: { requiresCode: boolean; deliveryCode: string | null },
  code: string | undefined,
): boolean {
  if (!stop.requiresCode) return false;
  const given = code?.trim();
  if (!given)
    throw new DomainError('invalid', "this stop needs the customer's delivery code", [
      { path: '/proof/code', message: 'required' },
    ]);
  if (!stop.deliveryCode || !sameText(given, stop.deliveryCode))
    throw new DomainError('invalid', 'the delivery code does not match', [
      { path: '/proof/code', message: 'does not match' },
    ]);
  return true;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

import { DomainError, MAX_REPLAY_WINDOW_MS } from '@dispatch/shared';

/** Fixes kept per courier: one per this many seconds at most, whatever the window. */
const MIN_SAMPLE_SECONDS = 5;
/** Fixes per courier a replay carries at most (a day at one per 20 s). */
const MAX_FIXES_PER_COURIER = 4320;

/** Refuses a window that is empty, reversed or longer than a day. */
export function checkReplayWindow(from: number, to: number): void {
  if (!(to > from)) throw new DomainError('invalid', '`to` must be after `from`');
  if (to - from > MAX_REPLAY_WINDOW_MS)
    throw new DomainError('invalid', 'a replay covers at most 24 hours');
}

/**
 * Seconds between the fixes a replay keeps per courier: 5 s for windows up to 6 h, growing so
 * that a courier never has more than 4,320 (20 s over a full day).
 */
export function sampleSecondsFor(from: number, to: number): number {
  return Math.max(MIN_SAMPLE_SECONDS, Math.ceil((to - from) / 1000 / MAX_FIXES_PER_COURIER));
}

/**
 * Which hub a replay covers: the one asked for, or the courier's. A courier of another hub
 * than the one named is `invalid`. Whether the user may see that hub is the caller's hub scope.
 */
export function replayHub(
  asked: { hubId?: number | undefined; courierId?: number | undefined },
  courierHubId: number | null | undefined,
): number {
  if (asked.hubId === undefined && asked.courierId === undefined)
    throw new DomainError('invalid', 'name a hub (hubId) or a courier (courierId)');
  if (asked.courierId !== undefined) {
    if (courierHubId === undefined)
      throw new DomainError('not_found', `courier ${asked.courierId} does not exist`);
    if (courierHubId === null)
      throw new DomainError('invalid', `courier ${asked.courierId} belongs to no hub`);
    if (asked.hubId !== undefined && asked.hubId !== courierHubId)
      throw new DomainError('invalid', `courier ${asked.courierId} is not of hub ${asked.hubId}`);
  }
  return asked.hubId ?? courierHubId!;
}

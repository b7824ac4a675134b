import { conditionKey, type ConditionBook, type OpenCondition } from './conditions';
import type { CourierRecord } from './courier-record';
import type { HubWatch } from './hub-watch';
import type { Finding, Signal, SignalSubject, StalledDetails } from './types';

/**
 * The courier whose evaluation judges a condition restored from storage: the subject's, else
 * the one its details name (a stop condition); null for hub conditions.
 */
export function restoredOwnerId(finding: Finding, subject: SignalSubject): number | null {
  return subject.courierId ?? ('courierId' in finding.details ? finding.details.courierId : null);
}

/**
 * Takes over a condition whose alert is already open, without a signal, and hands it to its
 * judge: a hub's is judged with the hub's next evaluation, a courier's joins its keys; one whose
 * courier is not here goes to `released`, resolved at the end of the pass unless claimed.
 * Returns the courier to evaluate again, if any.
 */
export function adoptCondition(
  book: ConditionBook,
  released: Map<string, number>,
  hubs: HubWatch,
  condition: OpenCondition,
  owner: CourierRecord | undefined,
): CourierRecord | null {
  const { finding, subject, ownerId } = condition;
  const key = conditionKey(finding.kind, subject);
  book.adopt(key, condition);
  if (subject.hubId !== undefined) {
    hubs.touch(subject.hubId);
    return null;
  }
  if (!owner) {
    released.set(key, ownerId ?? -1);
    return null;
  }
  if (subject.stopId === undefined) owner.courierKeys = new Set([...owner.courierKeys, key]);
  else owner.stopKeys = new Set([...owner.stopKeys, key]);
  owner.routeChanged = true;
  return owner;
}

/**
 * Resolves the released conditions no courier claimed during the pass (their owner is still the
 * one that released them), and empties `released`.
 */
export function resolveUnclaimed(
  book: ConditionBook,
  released: Map<string, number>,
  out: Signal[],
): void {
  for (const [key, ownerId] of released) {
    if ((book.get(key)?.ownerId ?? ownerId) === ownerId) book.release(key, out);
  }
  released.clear();
}

/** Ends, with `endCondition`, the conditions a courier leaving the engine still judges. */
export function endOwnedConditions(
  book: ConditionBook,
  record: CourierRecord,
  endCondition: (key: string) => void,
): void {
  for (const key of [...record.courierKeys, ...record.stopKeys]) {
    if (book.get(key)?.ownerId === record.id) endCondition(key);
  }
}

/** The stall alerted for a courier and judged by it, if any. */
export function openStallOf(book: ConditionBook, courierId: number): StalledDetails | null {
  const open = book.get(conditionKey('stalled', { courierId }));
  if (!open || open.ownerId !== courierId || open.finding.kind !== 'stalled') return null;
  return open.finding.details;
}

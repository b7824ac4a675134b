import type { ConditionBook } from './conditions';
import type { Judged } from './courier-evaluation';
import { NO_KEYS, type CourierRecord } from './courier-record';
import { finalStallDetails } from './courier-rules';
import type { Signal } from './types';

/**
 * Holds in the book what holds for one courier, ends what no longer does; returns the keys now
 * held. A stop condition whose stop left the route goes to `released` instead: the stop may
 * have moved to another courier evaluated later in the pass, which then claims it.
 */
export function settleConditions(
  book: ConditionBook,
  released: Map<string, number>,
  record: CourierRecord,
  previous: ReadonlySet<string>,
  holding: readonly Judged[],
  out: Signal[],
): ReadonlySet<string> {
  if (holding.length === 0 && previous.size === 0) return previous;
  const keys = new Set<string>();
  for (const { key, finding, subject } of holding) {
    keys.add(key);
    book.hold(key, finding, subject, record.id, out);
  }
  for (const key of previous) {
    if (keys.has(key)) continue;
    const open = book.get(key);
    if (!open || open.ownerId !== record.id) continue;
    const { stopId } = open.subject;
    if (stopId !== undefined && !record.stops.some((s) => s.id === stopId)) {
      released.set(key, record.id);
    } else if (open.finding.kind === 'stalled') {
      const details = finalStallDetails(open.finding.details, record.motion);
      book.release(key, out, { ...open.finding, details });
    } else {
      book.release(key, out);
    }
  }
  return keys.size > 0 ? keys : NO_KEYS;
}

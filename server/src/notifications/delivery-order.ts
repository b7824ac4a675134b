/** A delivery as the order rule sees it. */
export interface QueuedDelivery {
  id: number;
  eventId: number;
  stopId: number;
  channel: string;
  recipient: string;
  status: string;
  /** Epoch ms. */
  nextAttemptAt: number;
}

/** Who receives a delivery: deliveries with the same key go to the same place. */
export const receiverKey = (d: Pick<QueuedDelivery, 'channel' | 'recipient'>): string =>
  `${d.channel} ${d.recipient}`;

/**
 * The deliveries to attempt now, most overdue first, at most `limit`: pending, due, not already
 * in flight, and the oldest event still pending for their stop and receiver, so a stop's events
 * reach each receiver in order even while one of them is being retried (a dead one no longer
 * holds the others back). An event of the stop not yet fanned out (`unfannedFrom`: the stop's
 * smallest such event id) holds back every later one.
 *
 * The delivery queue's claim query says the same in SQL; this is its specification over rows.
 */
export function dueInOrder(
  rows: readonly QueuedDelivery[],
  options: {
    now: number;
    limit: number;
    inFlight?: ReadonlySet<number>;
    unfannedFrom?: ReadonlyMap<number, number>;
  },
): QueuedDelivery[] {
  const oldestPending = new Map<string, number>();
  for (const d of rows) {
    if (d.status !== 'pending') continue;
    const key = `${d.stopId} ${receiverKey(d)}`;
    const oldest = oldestPending.get(key);
    if (oldest === undefined || d.eventId < oldest) oldestPending.set(key, d.eventId);
  }
  return rows
    .filter((d) => {
      if (d.status !== 'pending' || d.nextAttemptAt > options.now) return false;
      if (options.inFlight?.has(d.id)) return false;
      if (oldestPending.get(`${d.stopId} ${receiverKey(d)}`) !== d.eventId) return false;
      const unfanned = options.unfannedFrom?.get(d.stopId);
      return unfanned === undefined || unfanned > d.eventId;
    })
    .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
    .slice(0, options.limit);
}

/**
 * What a webhook receiver got, checked against the outbox: every event delivered, duplicates,
 * order per stop and the delay from the change to the receiver's answer. Pure: the rows come
 * from `notification_events`, the receipts from the receiver.
 */

/** One outbox row (`notification_events`) the receiver should get. */
export interface OutboxRow {
  id: number;
  stopId: number;
  type: string;
  /** The row's `at`: the time of the stop change's transaction, epoch ms. */
  atMs: number;
}

/** One request the receiver answered with 200. */
export interface Receipt {
  /** The `Webhook-Id` header. */
  webhookId: string;
  stopId: number;
  type: string;
  /** When the request's body had arrived, epoch ms. */
  receivedAtMs: number;
  /** When the 200 went out, epoch ms. */
  answeredAtMs: number;
  signatureOk: boolean;
}

export interface WebhookAudit {
  /** Outbox rows to deliver. */
  expected: number;
  /** Of those, how many the receiver answered at least once. */
  received: number;
  missing: number;
  /** Answers beyond the first for the same event (retries the receiver had already taken). */
  duplicates: number;
  /** Receipts for events outside the rows (other stops, or ids the outbox does not hold). */
  unexpected: number;
  badSignatures: number;
  /** Stops with at least one event, and those whose events first arrived out of id order. */
  stops: number;
  stopsOutOfOrder: number;
  /** Events that first arrived after a later event of the same stop. */
  eventsOutOfOrder: number;
  /** The first answer per event id. */
  firstAnswerMs: Map<number, number>;
}

/** The outbox id a `Webhook-Id` names, or NaN when it names none. */
export type EventIdOf = (webhookId: string) => number;

/** `Webhook-Id` is the outbox row's id in decimal, possibly behind a prefix such as `evt_`. */
export const decimalEventId: EventIdOf = (webhookId) => {
  const match = /^(?:[A-Za-z]+[_-])?(\d+)$/.exec(webhookId);
  return match ? Number(match[1]) : NaN;
};

/** Checks `receipts` against `rows`. */
export function auditWebhooks(
  rows: readonly OutboxRow[],
  receipts: readonly Receipt[],
  eventIdOf: EventIdOf = decimalEventId,
): WebhookAudit {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const firstAnswerMs = new Map<number, number>();
  const firstReceivedMs = new Map<number, number>();
  let duplicates = 0;
  let unexpected = 0;
  let badSignatures = 0;
  for (const receipt of receipts) {
    if (!receipt.signatureOk) badSignatures++;
    const id = eventIdOf(receipt.webhookId);
    if (!byId.has(id)) {
      unexpected++;
      continue;
    }
    const seen = firstAnswerMs.get(id);
    if (seen !== undefined) {
      duplicates++;
      if (receipt.answeredAtMs >= seen) continue;
    }
    firstAnswerMs.set(id, receipt.answeredAtMs);
    firstReceivedMs.set(id, Math.min(firstReceivedMs.get(id) ?? Infinity, receipt.receivedAtMs));
  }
  const order = orderPerStop(rows, firstReceivedMs);
  return {
    expected: rows.length,
    received: firstAnswerMs.size,
    missing: rows.length - firstAnswerMs.size,
    duplicates,
    unexpected,
    badSignatures,
    ...order,
    firstAnswerMs,
  };
}

/** Per stop, the events in the order they first arrived, against their ids. */
function orderPerStop(
  rows: readonly OutboxRow[],
  firstReceivedMs: ReadonlyMap<number, number>,
): { stops: number; stopsOutOfOrder: number; eventsOutOfOrder: number } {
  const arrivals = new Map<number, { id: number; at: number }[]>();
  for (const row of rows) {
    const at = firstReceivedMs.get(row.id);
    if (!arrivals.has(row.stopId)) arrivals.set(row.stopId, []);
    if (at !== undefined) arrivals.get(row.stopId)!.push({ id: row.id, at });
  }
  let stopsOutOfOrder = 0;
  let eventsOutOfOrder = 0;
  for (const list of arrivals.values()) {
    list.sort((a, b) => a.at - b.at || a.id - b.id);
    let highest = -Infinity;
    let late = 0;
    for (const { id } of list) {
      if (id < highest) late++;
      highest = Math.max(highest, id);
    }
    if (late > 0) stopsOutOfOrder++;
    eventsOutOfOrder += late;
  }
  return { stops: arrivals.size, stopsOutOfOrder, eventsOutOfOrder };
}

/** Change → first answer, ms, ascending, for the delivered rows `include` picks. */
export function deliveryDelays(
  rows: readonly OutboxRow[],
  audit: Pick<WebhookAudit, 'firstAnswerMs'>,
  include: (row: OutboxRow) => boolean = () => true,
): number[] {
  const delays: number[] = [];
  for (const row of rows) {
    const answered = audit.firstAnswerMs.get(row.id);
    if (answered !== undefined && include(row)) delays.push(answered - row.atMs);
  }
  return delays.sort((a, b) => a - b);
}

/** The backlog a receiver found on its return and how long it took to clear. */
export interface Backlog {
  /** Events written before the return and not yet answered then. */
  events: number;
  /** Of those, how many were never answered. */
  undelivered: number;
  /** Return → the last of them answered, ms; NaN while some are undelivered or none waited. */
  drainMs: number;
}

/** The backlog at `returnedAtMs`: rows written before it that had no answer by then. */
export function backlogAt(
  rows: readonly OutboxRow[],
  audit: Pick<WebhookAudit, 'firstAnswerMs'>,
  returnedAtMs: number,
): Backlog {
  let events = 0;
  let undelivered = 0;
  let lastMs = -Infinity;
  for (const row of rows) {
    if (row.atMs >= returnedAtMs) continue;
    const answered = audit.firstAnswerMs.get(row.id);
    if (answered !== undefined && answered < returnedAtMs) continue;
    events++;
    if (answered === undefined) undelivered++;
    else lastMs = Math.max(lastMs, answered);
  }
  const drainMs = undelivered > 0 || events === 0 ? NaN : lastMs - returnedAtMs;
  return { events, undelivered, drainMs };
}

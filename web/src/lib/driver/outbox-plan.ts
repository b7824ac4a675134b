import {
  isRetryable,
  PING_LIMITS,
  type Ack,
  type CourierStatus,
  type PhotoKind,
  type Ping,
  type PingAck,
  type StopVisitReport,
  type WireError,
} from '@dispatch/shared';

/**
 * The courier app's outbox, as plain data: what is sent next, what an answer removes. Everything
 * the phone must tell the server (fixes, photos, stop visits, shift changes) waits here, in the
 * order it happened, until the server has it; the I/O around it lives in `outbox-sender.ts`.
 */

/**
 * What the courier reports about a stop. `stop:returned` checks a returning parcel in at the hub;
 * its report carries only `stopId`, `t` and `actionId` (a `StopCheckInReport`).
 */
export const VISIT_EVENTS = [
  'stop:en_route',
  'stop:arrived',
  'stop:delivered',
  'stop:failed',
  'stop:returned',
] as const;
export type VisitEvent = (typeof VISIT_EVENTS)[number];

export interface PingEntry {
  id: number;
  kind: 'ping';
  ping: Ping;
}

/** A photo or signature waiting to be uploaded; `ref` names it until the server gives it an id. */
export interface UploadEntry {
  id: number;
  kind: 'upload';
  ref: string;
  stopId: number;
  photoKind: PhotoKind;
  blob: Blob;
}

/** A stop visit; its proof names uploads by `ref`, filled in with their ids when it is sent. */
export interface VisitEntry {
  id: number;
  kind: 'visit';
  event: VisitEvent;
  report: StopVisitReport;
  photoRefs: string[];
  signatureRef: string | null;
}

export interface StatusEntry {
  id: number;
  kind: 'status';
  status: CourierStatus;
}

export type OutboxEntry = PingEntry | UploadEntry | VisitEntry | StatusEntry;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** An entry before the store numbers it. */
export type NewOutboxEntry = WithoutId<OutboxEntry>;

/** The next thing to send: a run of fixes in one batch, or one other entry. */
export type OutboxStep =
  | { kind: 'pings'; entries: PingEntry[] }
  | { kind: 'upload'; entry: UploadEntry }
  | { kind: 'visit'; entry: VisitEntry }
  | { kind: 'status'; entry: StatusEntry };

/** A batch stays under the server's message limit with room for the envelope. */
const MAX_BATCH_JSON_BYTES = Math.floor(PING_LIMITS.maxBatchBytes * 0.9);

/**
 * What to send next: strictly the oldest entry first, so a photo goes before the delivery that
 * names it and the fixes recorded before a visit reach the server before the visit does. Fixes
 * next to each other go together, up to the server's batch limits.
 */
export function nextStep(
  entries: readonly OutboxEntry[],
  maxPings: number = PING_LIMITS.maxPingsPerBatch,
): OutboxStep | null {
  const ordered = [...entries].sort((a, b) => a.id - b.id);
  const head = ordered[0];
  if (!head) return null;
  if (head.kind === 'upload') return { kind: 'upload', entry: head };
  if (head.kind === 'visit') return { kind: 'visit', entry: head };
  if (head.kind === 'status') return { kind: 'status', entry: head };
  const run: PingEntry[] = [];
  let bytes = 0;
  for (const entry of ordered) {
    if (entry.kind !== 'ping' || run.length >= maxPings) break;
    bytes += JSON.stringify(entry.ping).length + 1;
    if (run.length > 0 && bytes > MAX_BATCH_JSON_BYTES) break;
    run.push(entry);
  }
  return { kind: 'pings', entries: run };
}

/** The fixes an ack makes durable: every queued ping numbered up to `upTo`. */
export function ackedPingIds(entries: readonly OutboxEntry[], upTo: number): number[] {
  return entries.filter((e) => e.kind === 'ping' && e.ping.seq <= upTo).map((e) => e.id);
}

/** What became of an upload: the server's id for it, or why it was refused. */
export type UploadOutcome = { photoId: number } | { refused: string };

/**
 * A visit's report with the server's ids of its photos and signature in its proof; or, when one
 * of them was refused, the reason (the visit cannot be sent as the courier recorded it).
 */
export function reportWithUploads(
  entry: VisitEntry,
  uploads: ReadonlyMap<string, UploadOutcome>,
):
  | { ok: true; report: StopVisitReport }
  | { ok: false; refused: string }
  | { ok: false; missing: string[] } {
  const refs = [...entry.photoRefs, ...(entry.signatureRef ? [entry.signatureRef] : [])];
  const missing = refs.filter((ref) => !uploads.has(ref));
  if (missing.length > 0) return { ok: false, missing };
  const ids = new Map<string, number>();
  for (const ref of refs) {
    const outcome = uploads.get(ref)!;
    if ('refused' in outcome) return { ok: false, refused: outcome.refused };
    ids.set(ref, outcome.photoId);
  }
  if (refs.length === 0) return { ok: true, report: entry.report };
  const proof = { ...entry.report.proof };
  if (entry.photoRefs.length > 0) proof.photoIds = entry.photoRefs.map((ref) => ids.get(ref)!);
  if (entry.signatureRef) proof.signatureId = ids.get(entry.signatureRef)!;
  return { ok: true, report: { ...entry.report, proof } };
}

/** What to do with an entry after the server answered (or did not). */
export type Verdict = { kind: 'done' } | { kind: 'retry' } | { kind: 'refused'; error: WireError };

/**
 * A visit's answer: no answer or a passing trouble (overloaded, unavailable) is tried again;
 * anything else is final. A conflict on the way or on arrival only means the stop is further
 * along already, which is not worth troubling the courier with.
 */
export function visitVerdict(event: VisitEvent, ack: Ack | undefined): Verdict {
  if (!ack) return { kind: 'retry' };
  if (ack.ok) return { kind: 'done' };
  if (isRetryable(ack.error.code)) return { kind: 'retry' };
  const quiet = event === 'stop:en_route' || event === 'stop:arrived';
  if (quiet && ack.error.code === 'conflict') return { kind: 'done' };
  return { kind: 'refused', error: ack.error };
}

/**
 * A ping batch's answer: the durable sequence number to prune up to, a retry, or a refusal of the
 * whole batch (malformed fixes are dropped rather than block the outbox forever).
 */
export function pingVerdict(
  ack: PingAck | undefined,
): { kind: 'acked'; upTo: number } | { kind: 'retry' } | { kind: 'refused'; error: WireError } {
  if (!ack) return { kind: 'retry' };
  if (ack.ok) return { kind: 'acked', upTo: ack.upTo };
  if (isRetryable(ack.error.code)) return { kind: 'retry' };
  return { kind: 'refused', error: ack.error };
}

/** Wait before trying again after `failures` failures in a row: 1 s doubling up to 30 s, ±25 %. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** What the outbox holds, for the header and the stop cards. */
export interface OutboxSummary {
  pings: number;
  uploads: number;
  visits: number;
  statuses: number;
  /** Stops with a visit still to send. */
  waitingStopIds: ReadonlySet<number>;
}

export function summarize(entries: readonly OutboxEntry[]): OutboxSummary {
  const summary = { pings: 0, uploads: 0, visits: 0, statuses: 0 };
  const waiting = new Set<number>();
  for (const entry of entries) {
    if (entry.kind === 'ping') summary.pings++;
    else if (entry.kind === 'upload') summary.uploads++;
    else if (entry.kind === 'status') summary.statuses++;
    else {
      summary.visits++;
      waiting.add(entry.report.stopId);
    }
  }
  return { ...summary, waitingStopIds: waiting };
}

/** A random idempotency key for one action (base64url, 22 characters, 128 bits). */
export function newActionId(randomBytes: (n: number) => Uint8Array = defaultRandomBytes): string {
  const bytes = randomBytes(16);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function defaultRandomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

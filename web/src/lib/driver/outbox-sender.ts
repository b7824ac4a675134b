import { isRetryable, type StopPhotoReply } from '@dispatch/shared';
import { ApiError } from '../api';
import type { AckChannel } from './courier-socket';
import type { DriverStore } from './driver-store';
import {
  ackedPingIds,
  nextStep,
  pingVerdict,
  reportWithUploads,
  retryDelayMs,
  visitVerdict,
  type OutboxEntry,
  type OutboxStep,
  type PingEntry,
  type StatusEntry,
  type UploadEntry,
  type Verdict,
  type VisitEntry,
} from './outbox-plan';
import type { LocalVisit } from './day-stops';

export interface OutboxSenderDeps {
  store: Pick<DriverStore, 'entries' | 'remove' | 'uploadDone' | 'uploads' | 'visitDone'>;
  socket: AckChannel;
  upload: (stopId: number, kind: UploadEntry['photoKind'], image: Blob) => Promise<StopPhotoReply>;
  /** The stop's visit as it stands after the server's verdict, to store with the entry's removal. */
  visitAfter: (
    entry: VisitEntry,
    verdict: Exclude<Verdict, { kind: 'retry' }>,
  ) => LocalVisit | null;
  /** The server no longer knows the device token. */
  unauthorized: (message: string) => void;
  /** The outbox changed (an entry was sent or dropped). */
  changed: () => void;
  /** Something was dropped that the courier did not see refused (a malformed batch). */
  report?: (problem: string) => void;
}

type Sent = 'sent' | 'retry' | 'stop';

/**
 * Sends the outbox while the socket is up: one entry (or one batch of fixes) at a time, oldest
 * first, each removed only once the server has answered for it. Trouble (no answer, a server
 * that is busy or down) keeps the entry and tries again later with growing pauses.
 */
export class OutboxSender {
  #running = false;
  #again = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(private readonly deps: OutboxSenderDeps) {}

  /** Sends what is waiting, unless a send is already under way or a retry is pending. */
  kick(): void {
    if (this.#retryTimer || this.#closed) return;
    if (this.#running) {
      this.#again = true; // the running pass may have looked before this news: look again after it
      return;
    }
    this.#running = true;
    this.#again = false;
    void this.#drain().finally(() => {
      this.#running = false;
      if (this.#again) this.kick();
    });
  }

  /** Forgets a pending pause: the connection is back, try now. */
  resume(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#failures = 0;
    this.kick();
  }

  close(): void {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
  }

  async #drain(): Promise<void> {
    while (!this.#closed && this.deps.socket.connected) {
      const entries = await this.deps.store.entries();
      const step = nextStep(entries);
      if (!step) return;
      let outcome: Sent;
      try {
        outcome = await this.#send(step, entries);
      } catch (err) {
        this.deps.report?.(`sending failed: ${err instanceof Error ? err.message : String(err)}`);
        outcome = 'retry';
      }
      if (outcome === 'stop') return;
      if (outcome === 'retry') return this.#retryLater();
      this.#failures = 0;
      this.deps.changed();
    }
  }

  #retryLater(): void {
    this.#failures++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.kick();
    }, retryDelayMs(this.#failures));
  }

  #send(step: OutboxStep, entries: OutboxEntry[]): Promise<Sent> {
    switch (step.kind) {
      case 'pings':
        return this.#sendPings(step.entries, entries);
      case 'upload':
        return this.#sendUpload(step.entry);
      case 'visit':
        return this.#sendVisit(step.entry);
      case 'status':
        return this.#sendStatus(step.entry);
    }
  }

  async #sendPings(batch: PingEntry[], entries: OutboxEntry[]): Promise<Sent> {
    const ack = await this.deps.socket.request('pings', { pings: batch.map((e) => e.ping) });
    const verdict = pingVerdict(ack);
    if (verdict.kind === 'retry') return 'retry';
    if (verdict.kind === 'acked') {
      await this.deps.store.remove(ackedPingIds(entries, verdict.upTo));
    } else {
      this.deps.report?.(`fixes refused (${verdict.error.code}): ${verdict.error.message}`);
      await this.deps.store.remove(batch.map((e) => e.id));
    }
    return 'sent';
  }

  async #sendUpload(entry: UploadEntry): Promise<Sent> {
    try {
      const reply = await this.deps.upload(entry.stopId, entry.photoKind, entry.blob);
      await this.deps.store.uploadDone(entry.id, entry.ref, { photoId: reply.photoId });
      return 'sent';
    } catch (err) {
      if (!(err instanceof ApiError) || isRetryable(err.code) || err.code === 'internal')
        return 'retry';
      if (err.code === 'unauthorized') {
        this.deps.unauthorized(err.message);
        return 'stop';
      }
      await this.deps.store.uploadDone(entry.id, entry.ref, { refused: err.message });
      return 'sent';
    }
  }

  async #sendVisit(entry: VisitEntry): Promise<Sent> {
    const refs = [...entry.photoRefs, ...(entry.signatureRef ? [entry.signatureRef] : [])];
    const ready = reportWithUploads(entry, await this.deps.store.uploads());
    let verdict: Verdict;
    if (ready.ok) {
      const ack = await this.deps.socket.request(entry.event, ready.report);
      verdict = visitVerdict(entry.event, ack);
    } else {
      const message = 'refused' in ready ? ready.refused : 'a photo of this visit was lost';
      verdict = { kind: 'refused', error: { code: 'invalid', message } };
    }
    if (verdict.kind === 'retry') return 'retry';
    await this.deps.store.visitDone(entry.id, refs, this.deps.visitAfter(entry, verdict));
    return 'sent';
  }

  async #sendStatus(entry: StatusEntry): Promise<Sent> {
    const ack = await this.deps.socket.request('status', { status: entry.status });
    if (!ack || (!ack.ok && isRetryable(ack.error.code))) return 'retry';
    if (!ack.ok) this.deps.report?.(`status refused (${ack.error.code}): ${ack.error.message}`);
    await this.deps.store.remove([entry.id]);
    return 'sent';
  }
}

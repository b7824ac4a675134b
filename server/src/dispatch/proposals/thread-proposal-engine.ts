import type { Worker } from 'node:worker_threads';
import type { LearnedSpeedsSnapshot } from '../../eta/learned-speeds-snapshot';
import { startWorker } from '../../lib/worker-thread';
import type { SuggestionResult } from '../suggest';
import type { LiveFleetModel } from './live-fleet-model';
import type { LiveModelDelta } from './live-model-state';
import type { ProposalEngine } from './proposal-engine';
import type { ProposalRequest } from './proposal-request';
import type { FromProposalThread, ToProposalThread } from './thread-protocol';

export interface ThreadProposalEngineOptions {
  /** The learned speeds as they are now, posted to the thread at most every `speedsEveryMs`. */
  speeds: () => LearnedSpeedsSnapshot;
  /** Default 30 s: travel times a little behind the newest fixes change no proposal much. */
  speedsEveryMs?: number;
  /** What the thread is started with (its travel-time provider's inputs). */
  threadData?: unknown;
}

/**
 * Couriers per `model` message: posting copies the data on this thread, so a whole fleet
 * (the first delta) goes in slices with a yield between them.
 */
const DELTA_SLICE = 500;

/**
 * Proposals computed in a worker thread that holds a replica of the live model: before each
 * proposal the model's changes since the last one are posted (the whole model after a
 * (re)start), then the learned speeds when due, then the request. Requests are answered one
 * after another, in order. A thread that dies is started again on the next request, from a
 * full copy of the model.
 */
export class ThreadProposalEngine implements ProposalEngine {
  readonly where = 'worker';
  readonly indexesModel = false;
  private worker: Worker | null = null;
  private fresh = true;
  private speedsSentAt = -Infinity;
  private nextId = 1;
  private busyMs = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<
    number,
    { resolve: (result: SuggestionResult) => void; reject: (err: Error) => void }
  >();
  private closed = false;

  constructor(private readonly options: ThreadProposalEngineOptions) {}

  propose(model: LiveFleetModel, request: ProposalRequest): Promise<SuggestionResult> {
    // One at a time, so that each request's delta reaches the thread before the next one's.
    const run = this.queue.then(() => this.send(model, request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  busySeconds(): number {
    return this.busyMs / 1000;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error('the proposal thread was stopped'));
  }

  private async send(model: LiveFleetModel, request: ProposalRequest): Promise<SuggestionResult> {
    if (this.closed) throw new Error('the proposal thread was stopped');
    const worker = this.worker ?? this.start();
    const delta = this.fresh ? model.takeAll() : model.takeDelta();
    this.fresh = false;
    await this.postDelta(worker, delta);
    const now = Date.now();
    if (now - this.speedsSentAt >= (this.options.speedsEveryMs ?? 30_000)) {
      this.post(worker, { type: 'speeds', snapshot: this.options.speeds() });
      this.speedsSentAt = now;
    }
    const id = this.nextId++;
    return new Promise<SuggestionResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while an answer is on its way back.
      worker.ref();
      this.post(worker, { type: 'propose', id, request });
    });
  }

  private async postDelta(worker: Worker, delta: LiveModelDelta): Promise<void> {
    if (delta.updates.length === 0 && delta.removed.length === 0) return;
    for (let i = 0; i === 0 || i < delta.updates.length; i += DELTA_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const updates = delta.updates.slice(i, i + DELTA_SLICE);
      this.post(worker, {
        type: 'model',
        delta: { updates, removed: i === 0 ? delta.removed : [] },
      });
    }
  }

  private post(worker: Worker, message: ToProposalThread): void {
    worker.postMessage(message);
  }

  private start(): Worker {
    const worker = startWorker(
      new URL('./proposal-thread.ts', import.meta.url),
      this.options.threadData ?? null,
    );
    worker.on('message', (answer: FromProposalThread) => this.answered(worker, answer));
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) =>
      this.lost(worker, new Error(`the proposal thread exited (${code})`)),
    );
    this.worker = worker;
    this.fresh = true;
    this.speedsSentAt = -Infinity;
    return worker;
  }

  private answered(worker: Worker, answer: FromProposalThread): void {
    this.busyMs += answer.busyMs;
    const waiting = this.pending.get(answer.id);
    if (!waiting) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) worker.unref();
    if (answer.type === 'proposed') waiting.resolve(answer.result);
    else waiting.reject(new Error(answer.error));
  }

  private lost(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(err);
  }

  private failAll(err: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}

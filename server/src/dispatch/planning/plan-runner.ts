import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../lib/worker-thread';
import type { DeliveryPlan, PlanInput } from './plan-deliveries';
import type { PlanWorkerRequest, PlanWorkerResponse } from './plan-worker';

/** A planning thread idle this long is stopped (its memory returns to the system). */
const IDLE_MS = 30_000;

/**
 * Runs plans on a worker thread, started on first use and kept for the next (a plan of 1,500
 * stops keeps a core busy for its whole budget; the server's own thread stays free). Plans run
 * one after another.
 */
export class PlanRunner {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (plan: DeliveryPlan) => void; reject: (err: Error) => void }
  >();

  /** Whether a plan is being made or waits its turn. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  constructor(private readonly idleMs = IDLE_MS) {}

  plan(input: PlanInput): Promise<DeliveryPlan> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a plan is on its way back.
      worker.ref();
      worker.postMessage({ id, input } satisfies PlanWorkerRequest);
    });
  }

  /** Whether a planning thread is running (busy, or idle and not yet stopped). */
  get running(): boolean {
    return this.worker !== null;
  }

  /**
   * An idle thread goes after a while: a day's plan leaves a heap of matrices behind (half a
   * gigabyte each at 8,000 stops) that only ending the thread gives back to the system.
   */
  private idle(worker: Worker): void {
    worker.unref();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error('the planning thread was stopped'));
  }

  private start(): Worker {
    const worker = startWorker(new URL('./plan-worker.ts', import.meta.url));
    worker.on('message', (response: PlanWorkerResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (this.pending.size === 0) this.idle(worker);
      if (response.ok) waiting.resolve(response.plan);
      else waiting.reject(new Error(response.error));
    });
    // Only the current thread's end fails the plans waiting: an idle one stopped on purpose
    // may end after its successor took new plans.
    worker.on('error', (err) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(err);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(new Error('the planning thread exited'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../lib/worker-thread';
import type { DeliveryPlan, PlanInput } from './plan-deliveries';
import type { PlanWorkerRequest, PlanWorkerResponse } from './plan-worker';

/**
 * Runs plans on a worker thread, started on first use and kept for the next (a plan of 1,500
 * stops keeps a core busy for its whole budget; the server's own thread stays free). Plans run
 * one after another.
 */
export class PlanRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (plan: DeliveryPlan) => void; reject: (err: Error) => void }
  >();

  /** Whether a plan is being made or waits its turn. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  plan(input: PlanInput): Promise<DeliveryPlan> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a plan is on its way back.
      worker.ref();
      worker.postMessage({ id, input } satisfies PlanWorkerRequest);
    });
  }

  async close(): Promise<void> {
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
      if (this.pending.size === 0) worker.unref();
      if (response.ok) waiting.resolve(response.plan);
      else waiting.reject(new Error(response.error));
    });
    worker.on('error', (err) => {
      this.worker = null;
      this.failAll(err);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
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

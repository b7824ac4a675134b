import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on `entry`, a module beside the caller given as its `.ts` URL. When the
 * source runs as TypeScript (tsx, vitest), the thread loads it through tsx; a compiled build
 * loads the `.js` beside it. `data` reaches the thread as `workerData.data`. The thread starts
 * unreferenced: an idle worker never keeps the process alive.
 */
export function startWorker(entry: URL, data: unknown = null): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = fromSource
    ? new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { entry: entry.href, data },
      })
    : new Worker(new URL(entry.href.replace(/\.ts$/, '.js')), { workerData: { data } });
  worker.unref();
  return worker;
}

// Starts a TypeScript worker entry: registers tsx's loader in this thread, then imports it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

import { parentPort } from 'node:worker_threads';
import { planCalibrated, type PlanInput } from './plan-deliveries';

/** A request to the planning thread. */
export interface PlanWorkerRequest {
  id: number;
  input: PlanInput;
}

/** Its answer: the plan, or the error's message. */
export type PlanWorkerResponse =
  | { id: number; ok: true; plan: ReturnType<typeof planCalibrated> }
  | { id: number; ok: false; error: string };

// Plans run here, off the server's event loop: a search of a few seconds must not hold up
// pings, detection or the consoles.
parentPort?.on('message', (request: PlanWorkerRequest) => {
  let response: PlanWorkerResponse;
  try {
    response = { id: request.id, ok: true, plan: planCalibrated(request.input) };
  } catch (err) {
    response = {
      id: request.id,
      ok: false,
      error: err instanceof Error ? err.message : String(err),
    };
  }
  parentPort!.postMessage(response);
});

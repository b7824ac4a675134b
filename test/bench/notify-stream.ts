/**
 * bench:notify's steady stream of stop changes: `stopsPerS` new stops a second (one import
 * each), and every stop then changed every `stepS` seconds: its window moved, moved onto a
 * courier's route, its window moved again, cancelled. Five outbox events a stop (created,
 * rescheduled, assigned, rescheduled, cancelled). Changes to one courier's route go one at a
 * time, so the route version each move names is the current one.
 */
import type { StopInput } from '@dispatch/shared';
import { ApiRefusal, type NotifyApi } from './notify-api';

export interface StreamShape {
  stopsPerS: number;
  durationS: number;
  stepS: number;
}

/** The hub and couriers the stream works on, and where its stops are. */
export interface StreamPlace {
  hubId: number;
  courierIds: number[];
  center: { lat: number; lng: number };
}

export interface StreamOutcome {
  /** Every stop the stream created. */
  stopIds: number[];
  /** Stop changes answered (creations included). */
  changes: number;
  /** Calls refused, by what and status (e.g. `move 409`). */
  refused: Record<string, number>;
  /** Request → answer of each change, ms, ascending: what the dispatcher waits for. */
  answerMs: number[];
}

/** Events the outbox writes per stop that goes through the whole stream. */
export const EVENTS_PER_STREAM_STOP = 5;
const HOUR_MS = 3_600_000;
const SHIFT_MS = 30 * 60_000;

const sleepUntil = (epochMs: number) =>
  new Promise((done) => setTimeout(done, Math.max(0, epochMs - Date.now())));

/** Runs one call after another, per key. */
class SerialQueues {
  private readonly tails = new Map<number, Promise<unknown>>();

  run<T>(key: number, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task, task);
    this.tails.set(
      key,
      result.catch(() => undefined),
    );
    return result;
  }
}

/** Runs the stream for `durationS`, then lets every stop finish its changes. */
export async function runStopStream(
  api: NotifyApi,
  place: StreamPlace,
  shape: StreamShape,
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { stopIds: [], changes: 0, refused: {}, answerMs: [] };
  const queues = new SerialQueues();
  const timed = async (what: string, call: () => Promise<void>): Promise<boolean> => {
    const started = performance.now();
    try {
      await call();
      outcome.answerMs.push(performance.now() - started);
      outcome.changes++;
      return true;
    } catch (err) {
      const key = err instanceof ApiRefusal ? `${what} ${err.status}` : `${what} error`;
      outcome.refused[key] = (outcome.refused[key] ?? 0) + 1;
      return false;
    }
  };

  const life = async (k: number, startMs: number): Promise<void> => {
    await sleepUntil(startMs);
    const windowStart = startMs + HOUR_MS;
    let windowEnd = windowStart + 3 * HOUR_MS;
    const angle = k * 2.399963;
    const input: StopInput = {
      address: `Bench notify stop ${k + 1}`,
      lat: place.center.lat + 0.02 * Math.cos(angle) * ((k % 10) / 10),
      lng: place.center.lng + 0.02 * Math.sin(angle) * ((k % 10) / 10),
      windowStart,
      windowEnd,
      serviceSeconds: 60,
      hubId: place.hubId,
    };
    let stopId = 0;
    const created = await timed('create', async () => {
      stopId = (await api.importStops([input]))[0]!;
    });
    if (!created) return;
    outcome.stopIds.push(stopId);
    const step = (n: number) => sleepUntil(startMs + n * shape.stepS * 1000);
    const courierId = place.courierIds[k % place.courierIds.length]!;
    const onRoute = (what: string, call: () => Promise<void>) =>
      queues.run(courierId, () => timed(what, call));

    await step(1);
    windowEnd += SHIFT_MS;
    await timed('reschedule', () => api.setWindow(stopId, windowStart, windowEnd));
    await step(2);
    // The route's version is read first, as the console has it when a dispatcher moves a stop.
    await queues.run(courierId, async () => {
      const version = await api.routeVersion(courierId).catch(() => -1);
      return timed('move', () => api.moveTo([stopId], courierId, version));
    });
    await step(3);
    windowEnd += SHIFT_MS;
    await onRoute('reschedule', () => api.setWindow(stopId, windowStart, windowEnd));
    await step(4);
    await onRoute('cancel', () => api.cancel(stopId));
  };

  const began = Date.now();
  const count = Math.round(shape.stopsPerS * shape.durationS);
  const lives = Array.from({ length: count }, (_, k) =>
    life(k, began + (k * 1000) / shape.stopsPerS),
  );
  await Promise.all(lives);
  outcome.answerMs.sort((a, b) => a - b);
  return outcome;
}

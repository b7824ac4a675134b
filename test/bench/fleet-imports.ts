/** Stops imported over REST (`POST /api/v1/stops`) during a fleet run, as a dispatcher's tools would. */
import type { StopInput } from '@dispatch/shared';
import type { PlannedStop } from './detect-fleet';
import type { LateOrder } from './fleet-plan';

/** The late orders fed so far. */
export interface LateOrderFeed {
  readonly imported: number;
  readonly failed: number;
  stop(): void;
}

const POLL_MS = 1000;
/**
 * Stops per import. The server accepts 10,000 (MAX_STOPS_PER_IMPORT), but an import that large
 * fails with a 500: its event-log insert passes PostgreSQL's 65,535 bind parameters.
 */
const STOPS_PER_IMPORT = 2000;
const WINDOW_LENGTH_MS = 3 * 3_600_000;

/** Attempts per route import: an import is all or nothing, so a server error is safe to retry. */
const IMPORT_ATTEMPTS = 3;

/** Imports `stops`: their ids in order when stored, else the server's answer (status and body). */
async function importStops(
  url: string,
  cookie: string,
  stops: StopInput[],
): Promise<{ ids: number[] } | { refusal: string }> {
  const res = await fetch(`${url}/api/v1/stops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ stops }),
  });
  if (res.status !== 201) return { refusal: `${res.status} ${await res.text()}` };
  return { ids: ((await res.json()) as { ids: number[] }).ids };
}

/**
 * The day's routes, published once every courier is online: each courier's planned stops onto
 * its route in order, in imports of about STOPS_PER_IMPORT stops (a courier's stops always in
 * one; one that fails with a server error is tried again, up to IMPORT_ATTEMPTS times). Before
 * this the couriers have no open stops, so nothing about them can be late, stalled or offline
 * while the fleet connects. Returns each courier's stop ids in route order.
 */
export async function importRoutes(options: {
  url: string;
  cookie: string;
  stops: PlannedStop[][];
  courierIds: number[];
  /** The hub of each courier, in courier order. */
  courierHubs: number[];
  log: (message: string) => void;
}): Promise<{ imported: number; retried: number; stopIds: number[][] }> {
  const perCourier = Math.max(1, ...options.stops.map((route) => route.length));
  const couriersPerImport = Math.max(1, Math.floor(STOPS_PER_IMPORT / perCourier));
  let imported = 0;
  let retried = 0;
  const stopIds: number[][] = [];
  for (let from = 0; from < options.stops.length; from += couriersPerImport) {
    const batch = options.stops.slice(from, from + couriersPerImport).flatMap((route, i) =>
      route.map((s, k): StopInput => ({
        address: `Bench stop ${k + 1} of courier ${from + i + 1}`,
        lat: s.lat,
        lng: s.lng,
        windowStart: Math.round(s.windowStartMs),
        windowEnd: Math.round(s.windowEndMs),
        serviceSeconds: s.serviceSeconds,
        slaTier: s.slaTier,
        hubId: options.courierHubs[from + i]!,
        courierId: options.courierIds[from + i]!,
      })),
    );
    if (batch.length === 0) {
      stopIds.push(...options.stops.slice(from, from + couriersPerImport).map(() => []));
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      const answer = await importStops(options.url, options.cookie, batch);
      if ('ids' in answer) {
        let at = 0;
        for (const route of options.stops.slice(from, from + couriersPerImport))
          stopIds.push(answer.ids.slice(at, (at += route.length)));
        break;
      }
      const { refusal } = answer;
      const message = `importing ${batch.length} stops: ${refusal.slice(0, 200)}`;
      if (attempt === IMPORT_ATTEMPTS || !refusal.startsWith('5')) throw new Error(message);
      options.log(`${message}; retrying`);
      retried++;
      await new Promise((done) => setTimeout(done, 1000));
    }
    imported += batch.length;
  }
  return { imported, retried, stopIds };
}

/**
 * Imports the late orders while the run goes on, each `leadS` before its window ends, onto the
 * end of its courier's route. Window ends are spread evenly over [startMs + leadS, endMs): each order is at risk from the
 * moment it arrives and opens a `late` alert at its window end (express ones a `sla_breach` too),
 * a steady stream whatever the setup took.
 */
export function feedLateOrders(options: {
  url: string;
  cookie: string;
  orders: LateOrder[];
  courierIds: number[];
  /** The hub of each courier, in courier order. */
  courierHubs: number[];
  startMs: number;
  endMs: number;
  leadS: number;
  log: (message: string) => void;
}): LateOrderFeed {
  const { orders, leadS } = options;
  const firstEndMs = options.startMs + leadS * 1000;
  const spanMs = options.endMs - firstEndMs;
  const due = orders.map((order, j) => {
    const windowEnd = Math.round(firstEndMs + ((j + 0.5) / orders.length) * spanMs);
    const input: StopInput = {
      address: `Bench late order ${j + 1}`,
      lat: order.lat,
      lng: order.lng,
      windowStart: windowEnd - WINDOW_LENGTH_MS,
      windowEnd,
      serviceSeconds: 60,
      slaTier: j % 2 === 0 ? 'express' : 'same_day',
      hubId: options.courierHubs[order.courierIndex]!,
      courierId: options.courierIds[order.courierIndex]!,
    };
    return { importAt: windowEnd - leadS * 1000, input };
  });
  const feed = { imported: 0, failed: 0 };
  let next = 0;
  const importDue = async () => {
    const batch: StopInput[] = [];
    while (next < due.length && due[next]!.importAt <= Date.now()) batch.push(due[next++]!.input);
    if (batch.length === 0) return;
    const answer = await importStops(options.url, options.cookie, batch).catch((err: unknown) => ({
      refusal: String(err),
    }));
    if ('ids' in answer) feed.imported += batch.length;
    else {
      feed.failed += batch.length;
      options.log(`late orders: ${answer.refusal.slice(0, 200)}`);
    }
  };
  const timer = setInterval(() => {
    void importDue();
  }, POLL_MS);
  return {
    get imported() {
      return feed.imported;
    },
    get failed() {
      return feed.failed;
    },
    stop: () => clearInterval(timer),
  };
}

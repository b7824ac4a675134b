/**
 * bench:notify's webhook tables: one real server on a fresh PostgreSQL database, a webhook of
 * the bench hub pointing at the receiver process, then three phases in turn: a burst import
 * (throughput), a steady stream of stop changes (delay), and the same stream with the receiver
 * down for a while (retries, order, the backlog). Every figure is checked against the outbox.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StopInput } from '@dispatch/shared';
import {
  backlogAt,
  deliveryDelays,
  type Backlog,
  type OutboxRow,
  type WebhookAudit,
} from '../harness/webhook-audit/webhook-audit';
import { createPostgresDatabase, type BenchDatabase } from './bench-db';
import { BenchChild } from './children';
import { BENCH_ADMIN, login } from './couriers-api';
import type { TargetReport, TargetRequest } from './messages';
import { NotifyApi } from './notify-api';
import {
  OutboxReader,
  ReceiptLog,
  waitForDelivery,
  type DeliveryTally,
  type Receiver,
} from './notify-outbox';
import { runStopStream, type StreamPlace } from './notify-stream';
import { percentile } from './table';

export interface WebhookShape {
  /** Stops imported at once for the throughput table. */
  burstStops: number;
  stopsPerS: number;
  stepS: number;
  streamS: number;
  /** The receiver's wait before each 200 in the delay and down phases, ms. */
  answerMs: number;
  /** The down phase: the stream runs `downLeadS`, the receiver is down `downS`, then `downTailS`. */
  downLeadS: number;
  downS: number;
  downTailS: number;
  /** How long each phase may wait for its last event before it is reported missing. */
  drainTimeoutS: number;
  couriers: number;
  pgUrl: string;
}

export type AuditSummary = Omit<WebhookAudit, 'firstAnswerMs'>;

export interface Spread {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** CPU over a phase, % of one core: the server process (all threads) and its PostgreSQL backends. */
export interface PhaseCpu {
  serverPercent: number;
  pgPercent: number;
}

interface CpuSample {
  atMs: number;
  serverMicros: number;
  pgMicros: number;
}

function cpuBetween(before: CpuSample, after: CpuSample): PhaseCpu {
  const s = (after.atMs - before.atMs) / 1000;
  return {
    serverPercent: ((after.serverMicros - before.serverMicros) / 1e6 / s) * 100,
    pgPercent: ((after.pgMicros - before.pgMicros) / 1e6 / s) * 100,
  };
}

export interface ThroughputResult {
  stops: number;
  /** The import's request → answer (its transaction committed), ms. */
  importMs: number;
  /** Import answered → first and last `stop.created` answered by the receiver, ms. */
  firstAfterMs: number;
  lastAfterMs: number;
  /** Events over import answered → last answer. */
  eventsPerS: number;
  /** Baseline: the same number of POSTs sent to the receiver one at a time by this process. */
  barePostsPerS: number;
  audit: AuditSummary;
  deliveries: DeliveryTally;
  cpu: PhaseCpu;
  timedOut: boolean;
}

export interface StreamResult {
  stops: number;
  changes: number;
  refused: Record<string, number>;
  /** Request → answer of the stop changes, ms (what the console waits). */
  changeAnswer: Spread;
  /** Change (the outbox row's transaction time) → the receiver's 200, ms. */
  delay: Spread;
  eventsPerS: number;
  audit: AuditSummary;
  deliveries: DeliveryTally;
  /** From the stream's start until its last event was answered. */
  cpu: PhaseCpu;
  timedOut: boolean;
}

export interface DownResult extends StreamResult {
  /** How long the port was actually closed, s. */
  downS: number;
  /** Requests the receiver had taken but not yet answered when it went down. */
  droppedRequests: number;
  /** Change → 200 of the events written while the receiver was down. */
  delayWhileDown: Spread;
  backlog: Backlog;
}

export interface WebhookResults {
  throughput: ThroughputResult;
  delay: StreamResult;
  down: DownResult;
}

const CENTER = { lat: -20.4697, lng: -54.6201 };
/** Stops per import: a larger one passes PostgreSQL's bind parameter limit (see fleet-imports). */
const STOPS_PER_IMPORT = 2000;
const sleepUntil = (epochMs: number) =>
  new Promise((done) => setTimeout(done, Math.max(0, epochMs - Date.now())));

export function spread(ascending: readonly number[]): Spread {
  return {
    p50: percentile(ascending, 0.5),
    p99: percentile(ascending, 0.99),
    max: ascending.length > 0 ? ascending[ascending.length - 1]! : NaN,
    count: ascending.length,
  };
}

const summary = ({ firstAnswerMs: _, ...rest }: WebhookAudit): AuditSummary => rest;

let activeDatabase: BenchDatabase | null = null;

/** The database of the webhook phases while they run, for the orchestrator's SIGINT path. */
export const webhookDatabase = (): BenchDatabase | null => activeDatabase;

/** `count` sequential POSTs of a webhook-sized body straight to the receiver; per second. */
async function barePosts(url: string, count: number): Promise<number> {
  const body = JSON.stringify({
    id: 'bare',
    type: 'stop.created',
    occurredAt: new Date().toISOString(),
    stopId: -1,
    window: { start: new Date().toISOString(), end: new Date().toISOString() },
  });
  const began = performance.now();
  for (let i = 0; i < count; i++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': `bare-${i}` },
      body,
    });
    await res.arrayBuffer();
  }
  return count / ((performance.now() - began) / 1000);
}

/** Runs the three webhook phases; `log` reports progress on stderr. */
export async function runWebhookPhases(
  shape: WebhookShape,
  log: (message: string) => void,
): Promise<WebhookResults> {
  const db = await createPostgresDatabase(shape.pgUrl, 'bench_notify');
  activeDatabase = db;
  const children: { stop(timeoutMs: number): Promise<number | null> }[] = [];
  const outbox = new OutboxReader(db.env.DATABASE_URL!);
  try {
    const receiver: Receiver = BenchChild.start('./notify-receiver.ts');
    children.push(receiver);
    const { port: receiverPort } = await receiver.waitFor('listening', 60_000);
    const hookUrl = `http://127.0.0.1:${receiverPort}/webhooks/dispatch`;
    const server = BenchChild.start<TargetReport, TargetRequest>('./server-process.ts', {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: BENCH_ADMIN.email,
        ADMIN_PASSWORD: BENCH_ADMIN.password,
        WEB_DIR: join(tmpdir(), 'bench-notify-no-web'),
        ...db.env,
      },
    });
    children.push(server);
    const { port } = await server.waitFor('listening', 180_000);
    const api = new NotifyApi(`http://127.0.0.1:${port}`, await login(`http://127.0.0.1:${port}`));
    const hubId = await api.createHub(CENTER);
    const place: StreamPlace = {
      hubId,
      courierIds: await api.createCouriers(hubId, shape.couriers),
      center: CENTER,
    };
    const { secret } = await api.createWebhook(hubId, hookUrl);
    const cpu = async (): Promise<CpuSample> => ({
      atMs: performance.now(),
      serverMicros: (await server.ask({ type: 'stats' }, 'stats', 60_000)).cpuMicros,
      pgMicros: (await db.backendCpuMicros?.()) ?? NaN,
    });
    const readers: Readers = { outbox, receipts: new ReceiptLog(receiver), cpu };
    const configure = (answerMs: number) =>
      receiver.ask({ type: 'configure', secret, answerMs }, 'configured');

    log(`throughput: importing ${shape.burstStops} stops at once`);
    await configure(0);
    const throughput = await burst(api, place, shape, readers);
    throughput.barePostsPerS = await barePosts(hookUrl, Math.min(shape.burstStops, 2000));

    log(
      `delay: ${shape.stopsPerS} new stops/s for ${shape.streamS} s, answers after ${shape.answerMs} ms`,
    );
    await configure(shape.answerMs);
    const { result: delay } = await stream(api, place, shape, shape.streamS, readers);

    const totalS = shape.downLeadS + shape.downS + shape.downTailS;
    log(`receiver down: the same stream for ${totalS} s, the port closed ${shape.downS} s of it`);
    const down = await downPhase(api, place, shape, receiver, readers);
    return { throughput, delay, down };
  } finally {
    await outbox.close();
    for (const child of children.reverse()) await child.stop(20_000);
    await db.drop();
    activeDatabase = null;
  }
}

interface Readers {
  outbox: OutboxReader;
  receipts: ReceiptLog;
  cpu: () => Promise<CpuSample>;
}

async function burst(
  api: NotifyApi,
  place: StreamPlace,
  shape: WebhookShape,
  { outbox, receipts, cpu }: Readers,
): Promise<ThroughputResult> {
  const now = Date.now();
  const stops: StopInput[] = Array.from({ length: shape.burstStops }, (_, k) => ({
    address: `Bench burst stop ${k + 1}`,
    lat: place.center.lat + 0.0001 * (k % 100),
    lng: place.center.lng + 0.0001 * Math.floor(k / 100),
    windowStart: now + 3_600_000,
    windowEnd: now + 4 * 3_600_000,
    serviceSeconds: 60,
    hubId: place.hubId,
  }));
  const cpuBefore = await cpu();
  const began = performance.now();
  const ids: number[] = [];
  for (let from = 0; from < stops.length; from += STOPS_PER_IMPORT)
    ids.push(...(await api.importStops(stops.slice(from, from + STOPS_PER_IMPORT))));
  const importMs = performance.now() - began;
  const importedAt = Date.now();
  const done = await waitForDelivery(outbox, receipts, ids, shape.drainTimeoutS * 1000);
  const cpuAfter = await cpu();
  const answers = [...done.audit.firstAnswerMs.values()];
  const lastAfterMs = Math.max(...answers) - importedAt;
  return {
    stops: ids.length,
    importMs,
    firstAfterMs: Math.min(...answers) - importedAt,
    lastAfterMs,
    eventsPerS: done.audit.received / (lastAfterMs / 1000),
    barePostsPerS: NaN,
    audit: summary(done.audit),
    deliveries: await outbox.deliveries(ids),
    cpu: cpuBetween(cpuBefore, cpuAfter),
    timedOut: done.timedOut,
  };
}

async function stream(
  api: NotifyApi,
  place: StreamPlace,
  shape: WebhookShape,
  durationS: number,
  { outbox, receipts, cpu }: Readers,
): Promise<{ result: StreamResult; rows: OutboxRow[]; audit: WebhookAudit }> {
  const cpuBefore = await cpu();
  const began = Date.now();
  const outcome = await runStopStream(api, place, { ...shape, durationS });
  const ended = Date.now();
  const done = await waitForDelivery(outbox, receipts, outcome.stopIds, shape.drainTimeoutS * 1000);
  const cpuAfter = await cpu();
  const result: StreamResult = {
    stops: outcome.stopIds.length,
    changes: outcome.changes,
    refused: outcome.refused,
    changeAnswer: spread(outcome.answerMs),
    delay: spread(deliveryDelays(done.rows, done.audit)),
    eventsPerS: done.rows.length / ((ended - began) / 1000),
    audit: summary(done.audit),
    deliveries: await outbox.deliveries(outcome.stopIds),
    cpu: cpuBetween(cpuBefore, cpuAfter),
    timedOut: done.timedOut,
  };
  return { result, rows: done.rows, audit: done.audit };
}

async function downPhase(
  api: NotifyApi,
  place: StreamPlace,
  shape: WebhookShape,
  receiver: Receiver,
  readers: Readers,
): Promise<DownResult> {
  const began = Date.now();
  const totalS = shape.downLeadS + shape.downS + shape.downTailS;
  const running = stream(api, place, shape, totalS, readers);
  await sleepUntil(began + shape.downLeadS * 1000);
  const down = await receiver.ask({ type: 'down' }, 'down');
  await sleepUntil(down.atMs + shape.downS * 1000);
  const up = await receiver.ask({ type: 'up' }, 'up');
  const { result, rows, audit } = await running;
  const whileDown = (row: { atMs: number }) => row.atMs >= down.atMs && row.atMs < up.atMs;
  return {
    ...result,
    downS: (up.atMs - down.atMs) / 1000,
    droppedRequests: down.droppedRequests,
    delayWhileDown: spread(deliveryDelays(rows, audit, whileDown)),
    backlog: backlogAt(rows, audit, up.atMs),
  };
}

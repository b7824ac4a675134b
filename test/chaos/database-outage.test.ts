import { describe, expect, it } from 'vitest';
import { markdownTable } from '../bench/table';
import { eventually } from '../helpers/test-server';
import { comparePings, readStoredPings } from './chaos-checks';
import {
  CHAOS_SERVER_ENV,
  ChaosServer,
  chaosRng,
  chaosSeed,
  postgresDatabase,
} from './chaos-world';
import { ConsoleUser, seedWorld } from './console-user';
import { phonesFor, type CourierPhone } from './courier-phone';
import { figure, readProcess, rssMiB } from './server-readings';

const OUTAGE_MS = Number(process.env.CHAOS_OUTAGE_MS ?? 30_000);
/** Small enough that 30 s of pings from 50 phones fill it: devices are then told `overloaded`. */
const BUFFER_MAX_ROWS = 2000;
const COURIERS = 50;
const TICK_MS = 200;
const SEED = chaosSeed();

/** Ping answers by code, summed over the phones. */
function answers(phones: readonly CourierPhone[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const p of phones)
    for (const [code, n] of p.pingAnswers) total.set(code, (total.get(code) ?? 0) + n);
  return total;
}

function minus(after: Map<string, number>, before: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, n] of after)
    if (n - (before.get(code) ?? 0) > 0) out[code] = n - (before.get(code) ?? 0);
  return out;
}

/**
 * PostgreSQL (a private cluster: the machine's own serves other tests) stops dead for 30 s while
 * 50 phones send pings: the server stays up with its buffer bounded, tells devices to hold their
 * pings (`overloaded`, `unavailable`), and once the database is back stores everything it
 * acknowledged, each ping once.
 */
describe('PostgreSQL stopped under load', () => {
  it('keeps the server up and bounded, and stores every acknowledged ping after', async (context) => {
    const db = await postgresDatabase({ privateCluster: true });
    if ('skip' in db) {
      console.log(`database outage skipped: ${db.skip}`);
      context.skip();
      return;
    }
    console.log(`database outage: CHAOS_SEED=${SEED}`);
    const rng = chaosRng(SEED, 'outage');
    const server = await ChaosServer.create({
      ...db.env,
      ...CHAOS_SERVER_ENV,
      INGEST_BUFFER_MAX_ROWS: String(BUFFER_MAX_ROWS),
    });
    const phones: CourierPhone[] = [];
    let timer: NodeJS.Timeout | null = null;
    try {
      const running = await server.start();
      const cookie = await running.login();
      const world = await seedWorld(server, cookie, rng.fork('world'), {
        couriers: COURIERS,
        stopsPerCourier: 2,
        unassigned: 0,
      });
      phones.push(...phonesFor(world, server.url, rng, { ackTimeoutMs: 4000, actionChance: 0 }));
      const dispatcher = new ConsoleUser(server, cookie, world, rng.fork('console'));
      timer = setInterval(() => {
        for (const p of phones) p.tick();
      }, TICK_MS);
      await eventually(
        () => (phones.every((p) => p.ackedSeqs.size > 5) ? true : undefined),
        30_000,
        'every phone acknowledged',
      );
      const baseline = await readProcess(server.url);
      const beforeOutage = answers(phones);

      // The outage: samples every 2 s of the server's memory, buffer and health.
      await db.cluster!.stopImmediately();
      const outageStarted = Date.now();
      const samples: { s: number; rss: number; heap: number; buffer: number; healthy: boolean }[] =
        [];
      while (Date.now() - outageStarted < OUTAGE_MS) {
        await new Promise((r) => setTimeout(r, 2000));
        void dispatcher.act();
        const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(3000) })
          .then((r) => r.status === 200)
          .catch(() => false);
        const reading = await readProcess(server.url, 3000);
        samples.push({
          s: Math.round((Date.now() - outageStarted) / 1000),
          rss: rssMiB(running.pid),
          heap: reading?.heapUsedMiB ?? NaN,
          buffer: reading?.bufferRows ?? NaN,
          healthy: health,
        });
      }
      const duringOutage = minus(answers(phones), beforeOutage);

      // Back: every ping recorded up to now must be acknowledged, the phones resending.
      await db.cluster!.start();
      const backAt = Date.now();
      const marks = phones.map((p) => p.ackedSeqs.size + p.unacked);
      await eventually(
        () => (phones.every((p, i) => p.ackedSeqs.size >= marks[i]!) ? true : undefined),
        120_000,
        'every phone caught up',
      ).catch(async (err: unknown) => {
        const behind = phones.filter((p, i) => p.ackedSeqs.size < marks[i]!);
        console.log(
          `${behind.length} phones behind, e.g.`,
          behind.slice(0, 3).map((p) => ({
            courierId: p.courierId,
            connected: p.connected,
            unacked: p.unacked,
            answers: Object.fromEntries(p.pingAnswers),
          })),
          await readProcess(server.url),
          running.ended ? `the server ended:\n${running.logTail()}` : 'the server runs',
        );
        throw err;
      });
      const catchUpS = (Date.now() - backAt) / 1000;
      clearInterval(timer);
      timer = null;
      await Promise.all(phones.map((p) => p.flush(Date.now() + 30_000)));
      const after = await readProcess(server.url);

      const database = await db.open();
      let pings;
      try {
        pings = comparePings(
          phones.map((p) => ({ courierId: p.courierId, seqs: p.ackedSeqs })),
          await readStoredPings(database),
        );
      } finally {
        await database.close();
      }

      console.log(
        `\nmemory and buffer during the ${OUTAGE_MS / 1000} s outage (buffer bound ${BUFFER_MAX_ROWS} rows)\n` +
          markdownTable(
            ['t (s)', 'RSS MiB', 'heap MiB', 'buffered rows', '/healthz'],
            [
              [
                'before',
                figure(rssMiB(running.pid), 0),
                figure(baseline?.heapUsedMiB, 0),
                figure(baseline?.bufferRows),
                'ok',
              ],
              ...samples.map((x) => [
                String(x.s),
                figure(x.rss, 0),
                figure(x.heap, 0),
                figure(x.buffer),
                x.healthy ? 'ok' : 'down',
              ]),
              [
                'after',
                figure(after?.rssMiB, 0),
                figure(after?.heapUsedMiB, 0),
                figure(after?.bufferRows),
                'ok',
              ],
            ],
          ),
      );
      console.log(
        `\ndatabase outage (CHAOS_SEED=${SEED})\n` +
          markdownTable(
            [
              'couriers',
              'outage s',
              'acks during outage',
              'catch-up s',
              'acked pings',
              'stored',
              'lost',
              'duplicates',
            ],
            [
              [
                String(COURIERS),
                String(OUTAGE_MS / 1000),
                Object.entries(duringOutage)
                  .map(([code, n]) => `${code} ${n}`)
                  .join(', '),
                catchUpS.toFixed(1),
                String(pings.acked),
                String(pings.stored),
                String(pings.lost.length),
                String(pings.duplicates.length),
              ],
            ],
          ),
      );

      expect(samples.every((x) => x.healthy)).toBe(true);
      expect(
        samples.filter((x) => Number.isFinite(x.buffer)).every((x) => x.buffer <= BUFFER_MAX_ROWS),
      ).toBe(true);
      expect(
        Object.keys(duringOutage).filter((c) => !['ok', 'overloaded', 'unavailable'].includes(c)),
      ).toEqual([]);
      expect((duringOutage.overloaded ?? 0) + (duringOutage.unavailable ?? 0)).toBeGreaterThan(0);
      expect(pings.acked).toBeGreaterThan(0);
      expect(pings.lost).toEqual([]);
      expect(pings.duplicates).toEqual([]);
    } finally {
      if (timer) clearInterval(timer);
      for (const p of phones) p.close();
      await server.kill();
      await db.drop();
    }
  }, 300_000);
});

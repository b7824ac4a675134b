import { afterAll, describe, expect, it } from 'vitest';
import type { AlertView, SuggestionView } from '@dispatch/shared';
import { markdownTable } from '../bench/table';
import { alertReplacements, withEndings } from './carry-over-report';
import { eventually } from '../helpers/test-server';
import {
  alertKey,
  compareActions,
  compareOpen,
  comparePings,
  readActionEvents,
  readStoredPings,
  routeProblems,
  suggestionKey,
} from './chaos-checks';
import {
  CHAOS_SERVER_ENV,
  ChaosServer,
  chaosRng,
  chaosSeed,
  embeddedDatabase,
  postgresDatabase,
  type ChaosDatabase,
} from './chaos-world';
import { BUSY_HUB, ConsoleUser, call, seedWorld } from './console-user';
import { phonesFor, type CourierPhone } from './courier-phone';

/** Kills per database; the load between two kills lasts a seeded 2–5 s. */
const KILLS = Number(process.env.CHAOS_KILLS ?? 4);
const TICK_MS = 250;
const SEED = chaosSeed();
console.log(`kill under load: CHAOS_SEED=${SEED} (replay with CHAOS_SEED=${SEED})`);

interface OpenItems {
  alerts: AlertView[];
  suggestions: SuggestionView[];
}

const rows: string[][] = [];

/**
 * The server killed with SIGKILL at seeded random moments while couriers send pings and stop
 * actions and a dispatcher works the console, then started again on the same database, several
 * times: nothing acknowledged is lost or applied twice, routes stay whole, and the open alerts
 * and suggestions are the same objects after each restart.
 */
describe('the server killed under load', () => {
  afterAll(() => {
    if (rows.length === 0) return;
    console.log(
      `\nkill under load (CHAOS_SEED=${SEED})\n` +
        markdownTable(
          [
            'database',
            'kills',
            'acked pings',
            'stored',
            'lost',
            'duplicates',
            'actions applied',
            'refused',
            'applied twice',
            'alerts kept',
            'alerts redone by the load',
            'suggestions kept',
            'restart s (avg)',
          ],
          rows,
        ),
    );
  });

  it('loses nothing acknowledged on the embedded database', async () => {
    await killRounds(await embeddedDatabase());
  }, 300_000);

  it('loses nothing acknowledged on PostgreSQL', async (context) => {
    const db = await postgresDatabase();
    if ('skip' in db) {
      console.log(`kill under load on PostgreSQL skipped: ${db.skip}`);
      context.skip();
      return;
    }
    await killRounds(db);
  }, 300_000);
});

async function openItems(server: ChaosServer, cookie: string): Promise<OpenItems | null> {
  const [alerts, suggestions] = await Promise.all([
    call<{ alerts: AlertView[] }>(server, 'GET', '/api/v1/alerts?status=open&limit=1000', cookie),
    call<{ suggestions: SuggestionView[] }>(server, 'GET', '/api/v1/suggestions', cookie),
  ]);
  if (alerts.status !== 200 || suggestions.status !== 200) return null;
  return { alerts: alerts.body.alerts, suggestions: suggestions.body.suggestions };
}

async function killRounds(db: ChaosDatabase): Promise<void> {
  const rng = chaosRng(SEED, `kill ${db.label}`);
  const server = await ChaosServer.create({ ...db.env, ...CHAOS_SERVER_ENV });
  const phones: CourierPhone[] = [];
  let timer: NodeJS.Timeout | null = null;
  try {
    const cookie = await (await server.start()).login();
    const world = await seedWorld(server, cookie, rng.fork('world'), BUSY_HUB);
    phones.push(...phonesFor(world, server.url, rng, { ackTimeoutMs: 4000, actionChance: 0.15 }));
    const dispatcher = new ConsoleUser(server, cookie, world, rng.fork('console'));
    let consoleOn = true;
    let ticks = 0;
    timer = setInterval(() => {
      for (const p of phones) p.tick();
      if (consoleOn && ++ticks % 2 === 0) void dispatcher.act();
    }, TICK_MS);

    const problems = { alerts: [] as string[], suggestions: [] as string[] };
    const kept = { alerts: 0, suggestions: 0, alertsRedone: 0 };
    for (let round = 1; round <= KILLS; round++) {
      const loadMs = Math.round(rng.range(2000, 5000));
      await new Promise((r) => setTimeout(r, loadMs));
      // The dispatcher pauses around the kill, and the action under way lands first, so what is
      // open changes only by the kill.
      consoleOn = false;
      await dispatcher.idle();
      const before = await openItems(server, cookie);
      const killedAt = Date.now();
      await server.kill();
      console.log(
        `round ${round}: killed after ${loadMs} ms of load; open before: ` +
          `${before?.alerts.length ?? '?'} alerts, ${before?.suggestions.length ?? '?'} suggestions`,
      );
      await server.start();
      const restartedAt = Date.now();
      await eventually(
        () => (phones.every((p) => p.connected) ? true : undefined),
        30_000,
        'every phone reconnected',
      );
      // Two detection passes and the proposals they ask for.
      await new Promise((r) => setTimeout(r, 1500));
      const after = await openItems(server, cookie);
      if (before && after) {
        const a = compareOpen('alert', before.alerts, after.alerts, alertKey);
        const s = compareOpen('suggestion', before.suggestions, after.suggestions, suggestionKey);
        const replaced = await alertReplacements(server, cookie, a.problems, {
          killedAt,
          restartedAt,
          phones,
        });
        problems.alerts.push(...replaced.problems);
        problems.suggestions.push(...(await withEndings(server, cookie, s.problems)));
        kept.alerts += a.kept;
        kept.suggestions += s.kept;
        kept.alertsRedone += replaced.byLoad.length;
        console.log(
          `round ${round}: alerts kept ${a.kept}, closed ${a.closed}; ` +
            `suggestions kept ${s.kept}, closed ${s.closed}`,
        );
        for (const line of replaced.byLoad)
          console.log(`round ${round}: replaced after a change of its route: ${line}`);
      }
      consoleOn = true;
    }

    clearInterval(timer);
    timer = null;
    const deadline = Date.now() + 30_000;
    await Promise.all(phones.map((p) => p.flush(deadline)));
    // A phone that lost an ack sends the action again with its key: the same answer, no change.
    const resent = phones.flatMap((p) => p.answeredActions.slice(0, 2).map((a) => ({ p, a })));
    const replays = await Promise.all(resent.map(({ p, a }) => p.resend(a)));
    const replayProblems = resent.flatMap(({ a }, i) => {
      const r = replays[i] ?? null;
      const code = r === null ? 'no answer' : r.ok ? null : r.error.code;
      const same = r !== null && code === a.code;
      return same
        ? []
        : [`${a.report.actionId}: first ${a.code ?? 'ok'}, again ${JSON.stringify(r)}`];
    });

    if (!db.readableWhileServing) await server.stop();
    const database = await db.open();
    let pings;
    let actionProblems: string[];
    let routes: string[];
    try {
      pings = comparePings(
        phones.map((p) => ({ courierId: p.courierId, seqs: p.ackedSeqs })),
        await readStoredPings(database),
      );
      const answered = phones.flatMap((p) => p.answeredActions);
      actionProblems = compareActions(answered, await readActionEvents(database));
      routes = await routeProblems(database);
      const applied = answered.filter((a) => a.ok).length;
      const starts = server.startMs.slice(1);
      rows.push([
        db.label,
        String(KILLS),
        String(pings.acked),
        String(pings.stored),
        String(pings.lost.length),
        String(pings.duplicates.length),
        String(applied),
        String(answered.length - applied),
        String(actionProblems.length),
        String(kept.alerts),
        String(kept.alertsRedone),
        String(kept.suggestions),
        (starts.reduce((s, v) => s + v, 0) / starts.length / 1000).toFixed(1),
      ]);
      console.log(`console actions (${db.label}):`, Object.fromEntries(dispatcher.tally));
      expect(applied).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
    expect(pings.acked).toBeGreaterThan(0);
    expect(pings.lost).toEqual([]);
    expect(pings.duplicates).toEqual([]);
    expect(actionProblems).toEqual([]);
    expect(replayProblems).toEqual([]);
    expect(routes).toEqual([]);
    expect(problems.alerts).toEqual([]);
    expect(problems.suggestions).toEqual([]);
  } finally {
    if (timer) clearInterval(timer);
    for (const p of phones) p.close();
    await server.kill();
    await db.drop();
  }
}

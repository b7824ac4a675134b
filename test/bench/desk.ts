/**
 * `pnpm bench:desk [--minutes 30] [--every 30] [--clicks 5] [--out DIR] [--seed 1]
 * [--couriers 150] [--stops 1500] [--osm FILE] [--ack-after-s 120]`: two demo worlds as
 * `pnpm start` runs them, same seed, side by side on loopback. In world A a scripted dispatcher
 * works the problems panel in headless Chromium; in world B a console is open and nobody acts.
 * Samples both every minute, screenshots A every 5 minutes, prints a table per checkpoint and a
 * summary. See test/bench/README.md.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../e2e/harness';
import { DeskApi } from './desk-api';
import { ScriptedDispatcher } from './desk-dispatcher';
import { openConsole, readPanel } from './desk-panel';
import {
  checkpoints,
  busiestReceiver,
  checkpointTable,
  conflictCauses,
  summaryTable,
  type DeskSample,
} from './desk-report';
import { killAllWorlds, startWorld, type World } from './desk-world';
import { runBench } from './run-main';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    every: { type: 'string', default: '30' },
    clicks: { type: 'string', default: '5' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    couriers: { type: 'string', default: '150' },
    stops: { type: 'string', default: '1500' },
    osm: { type: 'string' },
    'ack-after-s': { type: 'string', default: '120' },
  },
});

function positive(name: keyof typeof flags): number {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`--${name} takes a positive whole number, not "${flags[name]}"`);
  return value;
}

const log = (line: string) => process.stderr.write(`[desk] ${line}\n`);
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
const MINUTE_MS = 60_000;
/** Accept outcomes the console answered, and those plus the clicks it never answered. */
const ANSWERED = ['applied', 'conflict', 'failed'];
const CLICKED = [...ANSWERED, 'no answer'];
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const minutes = positive('minutes');
const everyS = positive('every');
const repoRoot = resolve(import.meta.dirname, '../..');

/** The OSM extract asked for, or the shared Campo Grande one, or null (synthetic streets). */
function streets(): string | null {
  if (flags.osm) {
    if (!existsSync(flags.osm)) throw new Error(`--osm ${flags.osm}: no such file`);
    return resolve(flags.osm);
  }
  const shared = resolve(repoRoot, '../shared/data/osm/campo-grande.osm.gz');
  if (existsSync(shared)) return shared;
  log(`${shared} is absent: both worlds use the default synthetic streets`);
  return null;
}

async function sample(
  minute: number,
  api: DeskApi,
  page: Page,
  dispatcher: ScriptedDispatcher | null,
): Promise<DeskSample> {
  const [figures, panel] = await Promise.all([api.figures(), readPanel(page)]);
  const clicked = dispatcher
    ? dispatcher.actions.filter((a) => a.type === 'accept' && CLICKED.includes(a.outcome)).length
    : 0;
  return {
    ...figures,
    minute,
    panelRows: panel.rows.length,
    panelRowsWithFix: panel.rows.filter((r) => r.fixIds.length > 0).length,
    rowsOnScreen: panel.rowsOnScreen,
    rowCapacity: panel.rowCapacity,
    fixesClicked: clicked,
    fixesApplied: dispatcher?.count('accept', 'applied') ?? 0,
    acks: dispatcher?.count('ack', 'acknowledged') ?? 0,
  };
}

function tally(actions: ScriptedDispatcher['actions'], type: 'accept' | 'ack') {
  const counts: Record<string, number> = {};
  for (const a of actions) if (a.type === type) counts[a.outcome] = (counts[a.outcome] ?? 0) + 1;
  return counts;
}

async function main(): Promise<void> {
  const osm = streets();
  const out = flags.out ? resolve(flags.out) : mkdtempSync(join(tmpdir(), 'desk-'));
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'desk-worlds-'));
  const seed = positive('seed');
  let browser: Browser | null = null;
  const worlds: World[] = [];
  try {
    log(`starting two worlds (seed ${seed}, ${flags.couriers} couriers, ${osm ?? 'grid'})`);
    const common = {
      repoRoot,
      osm,
      couriers: positive('couriers'),
      stops: positive('stops'),
      seed,
      readyTimeoutMs: 5 * MINUTE_MS,
    };
    worlds.push(
      ...(await Promise.all(
        (['a', 'b'] as const).map((name) =>
          startWorld({
            ...common,
            name: `world ${name.toUpperCase()}`,
            workDir: join(work, name),
            logPath: join(out, `world-${name}.log`),
          }),
        ),
      )),
    );
    const [worldA, worldB] = worlds as [World, World];
    const [apiA, apiB] = await Promise.all([DeskApi.signIn(worldA), DeskApi.signIn(worldB)]);
    const [digestA, digestB] = await Promise.all([apiA.startDigests(), apiB.startDigests()]);
    const same = (k: 'stops' | 'plan') =>
      digestA[k] === digestB[k] ? 'identical' : `different (A ${digestA[k]}, B ${digestB[k]})`;
    const start = `stops ${same('stops')}, plan ${same('plan')}`;
    log(`at the start: ${start}`);
    const loadAtStart = loadavg()[0]!;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
    const [pageA, pageB] = await Promise.all([
      openConsole(browser, worldA.url, worldA.credentials.dispatcher),
      openConsole(browser, worldB.url, worldB.credentials.dispatcher),
    ]);
    const dispatcher = new ScriptedDispatcher(pageA, {
      clicksPerRound: positive('clicks'),
      ackAfterMs: positive('ack-after-s') * 1000,
      answerTimeoutMs: 15_000,
    });
    const t0 = Date.now();
    const end = t0 + minutes * MINUTE_MS;
    const samplesA: DeskSample[] = [];
    const samplesB: DeskSample[] = [];

    const sampling = async () => {
      for (let minute = 0; minute <= minutes; minute++) {
        await sleepUntil(t0 + minute * MINUTE_MS);
        try {
          const [a, b] = await Promise.all([
            sample(minute, apiA, pageA, dispatcher),
            sample(minute, apiB, pageB, null),
          ]);
          samplesA.push(a);
          samplesB.push(b);
          log(
            `min ${minute}: groups shown A ${a.groupsShown} (fix ${a.groupsShownWithFix}, ` +
              `on screen ${a.rowsOnScreen}/${a.panelRows}) B ${b.groupsShown}; applied ` +
              `${a.fixesApplied}, acks ${a.acks}; late A ${a.lateSoFar} B ${b.lateSoFar}`,
          );
        } catch (err) {
          log(`min ${minute}: sample failed: ${err instanceof Error ? err.message : err}`);
        }
        if (minute > 0 && minute % 5 === 0)
          await pageA.screenshot({
            path: join(out, `a-${String(minute).padStart(2, '0')}min.png`),
          });
      }
    };
    const working = async () => {
      for (let k = 0; Date.now() < end; k++) {
        await sleepUntil(t0 + k * everyS * 1000);
        if (Date.now() >= end) break;
        try {
          await dispatcher.round();
        } catch (err) {
          log(`round ${dispatcher.rounds} failed: ${err instanceof Error ? err.message : err}`);
        }
      }
    };
    await Promise.all([sampling(), working()]);
    await pageA.screenshot({ path: join(out, 'a-end.png') });
    await pageB.screenshot({ path: join(out, 'b-end.png') });
    const finalRows = (await readPanel(pageA)).rows;
    for (const s of await apiA.recentSuggestions()) apiA.suggestionsSeen.set(s.id, s);
    const loadAtEnd = loadavg()[0]!;

    writeFileSync(join(out, 'samples.json'), JSON.stringify({ a: samplesA, b: samplesB }, null, 1));
    writeFileSync(
      join(out, 'actions.jsonl'),
      dispatcher.actions.map((a) => JSON.stringify(a)).join('\n') + '\n',
    );

    console.log(`## bench:desk\n`);
    console.log(
      `Two worlds as \`pnpm start\` runs them: seed ${seed}, ${flags.couriers} couriers, ` +
        `${flags.stops} stops, streets ${osm ?? 'synthetic grid'}; at the start ${start}. ` +
        `A: a dispatcher every ${everyS} s, at most ${flags.clicks} actions a round, ` +
        `acknowledging problems without a fix after ${flags['ack-after-s']} s. B: nobody acts. ` +
        `Load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at ` +
        `the end, on ${availableParallelism()} cores.`,
    );
    for (const minute of checkpoints(minutes)) {
      const a = samplesA.find((s) => s.minute === minute);
      const b = samplesB.find((s) => s.minute === minute);
      console.log(`\n### minute ${minute}\n`);
      console.log(a && b ? checkpointTable(a, b) : '(no sample at this minute)');
    }
    if (samplesA.length > 0) {
      console.log(`\n### summary\n`);
      console.log(
        summaryTable(samplesA, samplesB, {
          rounds: dispatcher.rounds,
          roundsAtLimit: dispatcher.roundsAtLimit,
          clicks: dispatcher.clicks,
          accepts: tally(dispatcher.actions, 'accept'),
          acceptMs: dispatcher.actions
            .filter((a) => a.type === 'accept' && ANSWERED.includes(a.outcome))
            .map((a) => a.ms),
          acks: tally(dispatcher.actions, 'ack'),
          returned: dispatcher.returned.size,
          acceptedAgain: dispatcher.acceptedAgain(),
          oldestInViewMinutes: dispatcher.oldestInViewMinutes(finalRows),
          roundSeconds: dispatcher.roundSeconds,
          foundOpen: dispatcher.foundOpen,
          conflicts: conflictCauses(dispatcher.actions, (id) => apiA.suggestionsSeen.get(id)),
          busiestReceiver: busiestReceiver(dispatcher.actions, (id) =>
            apiA.suggestionsSeen.get(id),
          ),
        }),
      );
    }
    console.log(`\nScreenshots, samples.json, actions.jsonl and the worlds' logs: ${out}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await Promise.all(worlds.map((w) => w.stop()));
    killAllWorlds();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping the worlds`);
    killAllWorlds();
    process.exit(130);
  });
}
process.on('exit', killAllWorlds);
runBench(main, (minutes + 20) * MINUTE_MS, log);

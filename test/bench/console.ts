/**
 * `tsx test/bench/console.ts`: the real console in headless Chromium against the real server
 * streaming 10,000 moving couriers, beside a naive page (one JSON object per courier, full
 * GeoJSON `setData` per message) fed the same fixes in the same run, in each compositing mode
 * (see console-browser.ts). Prints a markdown table per mode.
 */
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, WEB_BUILD } from '../e2e/harness';
import { ADMIN, TestServer } from '../helpers/test-server';
import { COMPOSITING_MODES, launchBenchBrowser, type CompositingMode } from './console-browser';
import { driveFleet, seedBenchFleet } from './console-fleet';
import { startNaiveServer } from './console-naive';
import {
  addProbe,
  measurePage,
  socketIoFixCounter,
  type FixCounter,
  type PageFigures,
} from './console-probe';
import { cell, markdownTable } from './table';
import { runBench } from './run-main';

const { values: flags } = parseArgs({
  options: {
    couriers: { type: 'string', default: '10000' },
    'tick-ms': { type: 'string', default: '500' },
    slices: { type: 'string', default: '10' },
    'spread-m': { type: 'string', default: '12000' },
    'warmup-s': { type: 'string', default: '4' },
    'window-s': { type: 'string', default: '15' },
    compositing: { type: 'string', default: COMPOSITING_MODES.join(',') },
  },
});
const MODES = flags.compositing.split(',').map((mode) => {
  if (!(COMPOSITING_MODES as readonly string[]).includes(mode)) {
    throw new Error(`--compositing takes ${COMPOSITING_MODES.join(', ')} (comma-separated)`);
  }
  return mode as CompositingMode;
});
const COURIERS = Number(flags.couriers);
const TICK_MS = Number(flags['tick-ms']);
const SLICES = Number(flags.slices);
const SPREAD_M = Number(flags['spread-m']);
const WARMUP_MS = Number(flags['warmup-s']) * 1000;
const WINDOW_MS = Number(flags['window-s']) * 1000;
const CENTER = { lat: -20.4697, lng: -54.6201 };
const VIEWPORT = { width: 1600, height: 1000 };
/** The whole run gives up after this long, so a stuck page cannot hang the command. */
const RUN_DEADLINE_MS = MODES.length * 4 * 60_000;

/** Fixes per frame: rows of a `fleet:delta` (columns), or the naive page's array of objects. */
const CONSOLE_FIXES: FixCounter = socketIoFixCounter(
  'fleet:delta',
  (delta) => (delta as { id: unknown[] }).id.length,
);
const NAIVE_FIXES: FixCounter = socketIoFixCounter('fixes', (fixes) => (fixes as unknown[]).length);

const log = (message: string) => process.stderr.write(`[bench:console] ${message}\n`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `read` in the page until it returns at least `want`, or fails after `timeoutMs`. */
async function waitInPage(
  page: Page,
  read: () => number,
  want: number,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await page.evaluate(read);
    if (seen >= want) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}: ${seen} of ${want}`);
}

async function openConsole(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await addProbe(page, '42/console,["fleet:delta"');
  await page.goto(`${url}/login`);
  await page.getByTestId('login-email').fill(ADMIN.email);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${url}/`);
  await page
    .getByTestId('connection-indicator')
    .and(page.locator('[data-status="live"]'))
    .waitFor({ timeout: 60_000 });
  await waitInPage(
    page,
    () =>
      Object.keys(
        (globalThis as unknown as { __console?: { positions: object } }).__console?.positions ?? {},
      ).length,
    COURIERS,
    'couriers on the console',
  );
  return page;
}

async function openNaive(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await addProbe(page, '42["fixes"');
  await page.goto(url);
  await waitInPage(
    page,
    () => (globalThis as unknown as { __naive?: { couriers: number } }).__naive?.couriers ?? 0,
    COURIERS,
    'couriers on the naive page',
  );
  return page;
}

function report(
  figures: { console: PageFigures; naive: PageFigures },
  mode: CompositingMode,
  seedMs: number,
): string {
  const { console: c, naive: n } = figures;
  const row = (name: string, f: PageFigures) => [
    name,
    cell(f.batches),
    cell(f.applyMsP50, 2),
    cell(f.applyMsP95, 2),
    cell(f.renderMsP50, 2),
    cell(f.renderMsP95, 2),
    cell(f.framesPerS, 1),
    `${cell(f.mainThreadBusy * 100, 0)}%`,
    `${cell(f.longTasks)} / ${cell(f.longTaskMs)} ms`,
    cell(f.socketMessagesPerS, 1),
    cell(f.fixesPerS),
    cell(f.socketBytesPerS / 1024, 1),
    cell(f.bytesPerFix, 1),
  ];
  const ratio = (a: number, b: number, digits = 2) => `${cell(a / b, digits)}×`;
  const table = markdownTable(
    [
      'page',
      'batches applied',
      'apply ms/batch p50',
      'apply ms/batch p95',
      'render ms/frame p50',
      'render ms/frame p95',
      'frames/s',
      'main thread busy',
      'long tasks (count / total)',
      'socket msgs/s',
      'fixes/s received',
      'socket KB/s per console',
      'socket bytes per fix',
    ],
    [
      row('console (columnar deltas, GPU courier layer)', c),
      row('naive (JSON objects, setData per message)', n),
      [
        'ratio naive / console',
        ratio(n.batches, c.batches),
        ratio(n.applyMsP50, c.applyMsP50),
        ratio(n.applyMsP95, c.applyMsP95),
        ratio(n.renderMsP50, c.renderMsP50),
        ratio(n.renderMsP95, c.renderMsP95),
        ratio(n.framesPerS, c.framesPerS),
        ratio(n.mainThreadBusy, c.mainThreadBusy),
        ratio(n.longTaskMs, c.longTaskMs),
        ratio(n.socketMessagesPerS, c.socketMessagesPerS),
        ratio(n.fixesPerS, c.fixesPerS),
        ratio(n.socketBytesPerS, c.socketBytesPerS),
        ratio(n.bytesPerFix, c.bytesPerFix),
      ],
    ],
  );
  const params = [
    `${COURIERS.toLocaleString('en-US')} couriers, one fix each per second in ${SLICES} slices ` +
      `of ${Math.ceil(COURIERS / SLICES)} every ${1000 / SLICES} ms, scattered over ` +
      `${SPREAD_M / 1000} km × ${SPREAD_M / 1000} km`,
    `server broadcast tick CONSOLE_TICK_MS=${TICK_MS}; naive server relays each slice as it comes`,
    `headless Chromium, ${mode === 'software' ? 'software compositing on the main thread (the e2e flags)' : 'SwiftShader behind the GPU process'}, ` +
      `viewport ${VIEWPORT.width}×${VIEWPORT.height}, ` +
      `zoom 12; ${WARMUP_MS / 1000} s warm-up, then a ${WINDOW_MS / 1000} s window per page, ` +
      'pages measured one after the other while the fleet keeps moving',
    `seeding ${COURIERS.toLocaleString('en-US')} couriers (bulk insert, PGlite unless ` +
      `TEST_DATABASE_URL): ${cell(seedMs)} ms`,
  ];
  const parts = markdownTable(
    ['page', 'socket handlers ms p50', 'own frame work ms p50', 'sends to map worker ms p50'],
    [
      ['console', cell(c.handlerMsP50, 2), cell(c.ownFrameMsP50, 2), cell(c.workerSendMsP50, 2)],
      ['naive', cell(n.handlerMsP50, 2), cell(n.ownFrameMsP50, 2), cell(n.workerSendMsP50, 2)],
    ],
  );
  return `### Compositing: ${mode}\n\n${table}\n\nWhere a batch's apply time goes:\n\n${parts}\n\n${params.map((p) => `- ${p}`).join('\n')}`;
}

async function main(): Promise<void> {
  const unavailable = e2eUnavailable();
  if (unavailable) throw new Error(`cannot run: ${unavailable}`);
  log('starting the server');
  const server = await TestServer.start(
    { WEB_DIR: WEB_BUILD, CONSOLE_TICK_MS: TICK_MS },
    { testRoutes: true },
  );
  const app = server.app;
  let browser: Browser | null = null;
  let naive: Awaited<ReturnType<typeof startNaiveServer>> | null = null;
  let driver: ReturnType<typeof driveFleet> | null = null;
  try {
    const seeded = await seedBenchFleet(app, {
      count: COURIERS,
      center: CENTER,
      spreadMeters: SPREAD_M,
    });
    log(`seeded ${COURIERS} couriers in ${Math.round(seeded.seedMs)} ms`);
    naive = await startNaiveServer(server.app.io, CENTER);
    const send = naive.send;
    driver = driveFleet(app, seeded.couriers, {
      periodMs: 1000,
      slices: SLICES,
      onSlice: send,
    });
    const reports: string[] = [];
    for (const mode of MODES) {
      browser = await launchBenchBrowser(mode);
      log(`[${mode}] opening the console`);
      const consolePage = await openConsole(browser, server.url);
      await sleep(WARMUP_MS);
      log(`[${mode}] measuring the console for ${WINDOW_MS / 1000} s`);
      const consoleFigures = await measurePage(consolePage, WINDOW_MS, CONSOLE_FIXES);
      await consolePage.close();

      log(`[${mode}] opening the naive page`);
      const naivePage = await openNaive(browser, naive.url);
      await sleep(WARMUP_MS);
      log(`[${mode}] measuring the naive page for ${WINDOW_MS / 1000} s`);
      const naiveFigures = await measurePage(naivePage, WINDOW_MS, NAIVE_FIXES);
      await naivePage.close();
      await browser.close();
      browser = null;
      reports.push(report({ console: consoleFigures, naive: naiveFigures }, mode, seeded.seedMs));
    }

    log(`fleet driver fell behind its schedule by at most ${Math.round(driver.lateMs())} ms`);
    process.stdout.write(`${reports.join('\n\n')}\n`);
  } finally {
    driver?.stop();
    await browser?.close();
    await naive?.stop();
    await server.stop();
  }
}

runBench(main, RUN_DEADLINE_MS, log);

/**
 * `tsx test/bench/console.ts`: the real console in headless Chromium against the real server
 * streaming 10,000 moving couriers, beside a naive page (one JSON object per courier, full
 * GeoJSON `setData` per message) fed the same fixes in the same run. Prints a markdown table.
 */
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launchBrowser, WEB_BUILD } from '../e2e/harness';
import { ADMIN, TestServer } from '../helpers/test-server';
import { driveFleet, seedBenchFleet } from './console-fleet';
import { startNaiveServer } from './console-naive';
import { addProbe, measurePage, type PageFigures } from './console-probe';
import { cell, markdownTable } from './table';

const { values: flags } = parseArgs({
  options: {
    couriers: { type: 'string', default: '10000' },
    'tick-ms': { type: 'string', default: '500' },
    slices: { type: 'string', default: '10' },
    'spread-m': { type: 'string', default: '12000' },
    'warmup-s': { type: 'string', default: '4' },
    'window-s': { type: 'string', default: '15' },
  },
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
const RUN_DEADLINE_MS = 5 * 60_000;

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

function report(figures: { console: PageFigures; naive: PageFigures }, seedMs: number): string {
  const { console: c, naive: n } = figures;
  const row = (name: string, f: PageFigures) => [
    name,
    cell(f.batches),
    cell(f.batchMsP50, 2),
    cell(f.batchMsP95, 2),
    cell(f.framesPerS, 1),
    `${cell(f.mainThreadBusy * 100, 0)}%`,
    `${cell(f.longTasks)} / ${cell(f.longTaskMs)} ms`,
    cell(f.socketMessagesPerS, 1),
    cell(f.socketBytesPerS / 1024, 1),
  ];
  const ratio = (a: number, b: number, digits = 2) => `${cell(a / b, digits)}×`;
  const table = markdownTable(
    [
      'page',
      'batches applied',
      'ms/batch p50',
      'ms/batch p95',
      'frames/s',
      'main thread busy',
      'long tasks (count / total)',
      'socket msgs/s',
      'socket KB/s per console',
    ],
    [
      row('console (columnar deltas, per-frame batches)', c),
      row('naive (JSON objects, setData per message)', n),
      [
        'ratio naive / console',
        ratio(n.batches, c.batches),
        ratio(n.batchMsP50, c.batchMsP50),
        ratio(n.batchMsP95, c.batchMsP95),
        ratio(n.framesPerS, c.framesPerS),
        ratio(n.mainThreadBusy, c.mainThreadBusy),
        ratio(n.longTaskMs, c.longTaskMs),
        ratio(n.socketMessagesPerS, c.socketMessagesPerS),
        ratio(n.socketBytesPerS, c.socketBytesPerS),
      ],
    ],
  );
  const params = [
    `${COURIERS.toLocaleString('en-US')} couriers, one fix each per second in ${SLICES} slices ` +
      `of ${Math.ceil(COURIERS / SLICES)} every ${1000 / SLICES} ms, scattered over ` +
      `${SPREAD_M / 1000} km × ${SPREAD_M / 1000} km`,
    `server broadcast tick CONSOLE_TICK_MS=${TICK_MS}; naive server relays each slice as it comes`,
    `headless Chromium (software rendering), viewport ${VIEWPORT.width}×${VIEWPORT.height}, ` +
      `zoom 12; ${WARMUP_MS / 1000} s warm-up, then a ${WINDOW_MS / 1000} s window per page, ` +
      'pages measured one after the other while the fleet keeps moving',
    `seeding ${COURIERS.toLocaleString('en-US')} couriers (bulk insert, PGlite unless ` +
      `TEST_DATABASE_URL): ${cell(seedMs)} ms`,
  ];
  const parts = markdownTable(
    ['page', 'socket handlers ms p50', 'next frame rAF ms p50'],
    [
      ['console', cell(c.handlerMsP50, 2), cell(c.frameMsP50, 2)],
      ['naive', cell(n.handlerMsP50, 2), cell(n.frameMsP50, 2)],
    ],
  );
  return `${table}\n\nWhere a batch's time goes:\n\n${parts}\n\n${params.map((p) => `- ${p}`).join('\n')}`;
}

async function main(): Promise<void> {
  const unavailable = e2eUnavailable();
  if (unavailable) throw new Error(`cannot run: ${unavailable}`);
  log('starting the server');
  const server = await TestServer.start({
    ENABLE_TEST_ROUTES: true,
    WEB_DIR: WEB_BUILD,
    CONSOLE_TICK_MS: TICK_MS,
  });
  const services = server.app.services;
  let browser: Browser | null = null;
  let naive: Awaited<ReturnType<typeof startNaiveServer>> | null = null;
  let driver: ReturnType<typeof driveFleet> | null = null;
  try {
    const seeded = await seedBenchFleet(services, {
      count: COURIERS,
      center: CENTER,
      spreadMeters: SPREAD_M,
    });
    log(`seeded ${COURIERS} couriers in ${Math.round(seeded.seedMs)} ms`);
    naive = await startNaiveServer(server.app.io, CENTER);
    const send = naive.send;
    driver = driveFleet(services, seeded.couriers, {
      periodMs: 1000,
      slices: SLICES,
      onSlice: send,
    });
    browser = await launchBrowser();

    log('opening the console');
    const consolePage = await openConsole(browser, server.url);
    await sleep(WARMUP_MS);
    log(`measuring the console for ${WINDOW_MS / 1000} s`);
    const consoleFigures = await measurePage(consolePage, WINDOW_MS);
    await consolePage.close();

    log('opening the naive page');
    const naivePage = await openNaive(browser, naive.url);
    await sleep(WARMUP_MS);
    log(`measuring the naive page for ${WINDOW_MS / 1000} s`);
    const naiveFigures = await measurePage(naivePage, WINDOW_MS);
    await naivePage.close();

    log(`fleet driver fell behind its schedule by at most ${Math.round(driver.lateMs())} ms`);
    process.stdout.write(
      `${report({ console: consoleFigures, naive: naiveFigures }, seeded.seedMs)}\n`,
    );
  } finally {
    driver?.stop();
    await browser?.close();
    await naive?.stop();
    await server.stop();
  }
}

const deadline = setTimeout(() => {
  log(`gave up after ${RUN_DEADLINE_MS / 1000} s`);
  process.exit(1);
}, RUN_DEADLINE_MS);
deadline.unref();
main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);

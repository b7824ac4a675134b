import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedDemo } from '../../server/src/cli/demo-seed';
import { startFleet, type SimulatedFleet } from '../../server/src/simulator/fleet';
import { gridNetwork } from '../../server/src/streets/grid';
import { TestServer, testFleetOptions } from '../helpers/test-server';

export const CHROMIUM = '/usr/bin/chromium';
/** The built console: `web/build`, or `WEB_BUILD_DIR` (relative to `web/`) when set. */
export const WEB_BUILD = resolve(
  import.meta.dirname,
  '../../web',
  process.env.WEB_BUILD_DIR ?? 'build',
);
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
const CENTER = { lat: -20.4697, lng: -54.6201 };

/** Why end-to-end tests cannot run here, or null when they can. */
export function e2eUnavailable(): string | null {
  if (!existsSync(CHROMIUM))
    return `no browser at ${CHROMIUM} (apt-get install chromium; .ci/run does)`;
  if (!existsSync(join(WEB_BUILD, 'index.html')))
    return 'the console is not built (pnpm --filter @dispatch/web build)';
  return null;
}

/** A server serving the built console, with a seeded demo and, optionally, a simulated fleet. */
export async function startConsoleServer(
  options: { couriers?: number; stops?: number; simulate?: boolean } = {},
) {
  const server = await TestServer.start(
    { WEB_DIR: WEB_BUILD, CONSOLE_TICK_MS: 250 },
    { testRoutes: true },
  );
  const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 3000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'dispatch-e2e-'));
  const credentials = await seedDemo(server.app, {
    network,
    hub: { name: 'E2E hub', ...CENTER },
    couriers: options.couriers ?? 8,
    stops: options.stops ?? 80,
    seed: 11,
    dataDir,
  });
  let fleet: SimulatedFleet | null = null;
  if (options.simulate !== false) {
    fleet = await startFleet(
      testFleetOptions(server, {
        seed: 5,
        speedup: 3,
        pingIntervalMs: 500,
        incidentLogPath: join(dataDir, 'incidents.jsonl'),
        network,
      }),
    );
  }
  return {
    server,
    credentials: credentials!,
    async stop() {
      await fleet?.stop();
      await server.stop();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a screenshot of the page under test-results/screenshots. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

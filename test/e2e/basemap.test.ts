import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RoutePath } from '@dispatch/shared';
import { seedDemo } from '../../server/src/cli/demo-seed';
import { startFleet, type SimulatedFleet } from '../../server/src/simulator/fleet';
import { gridNetwork } from '../../server/src/streets/grid';
import type { StreetNetwork } from '../../server/src/streets/network';
import { loadOsmNetwork } from '../../server/src/streets/osm';
import { TestServer, testFleetOptions } from '../helpers/test-server';
import { WEB_BUILD, e2eUnavailable, launchBrowser, screenshot } from './harness';

// The Campo Grande extract lives beside the repo (never committed); without it the map runs on
// the generated grid, whose streets have no names.
const CAMPO_GRANDE = resolve(import.meta.dirname, '../../../shared/data/osm/campo-grande.osm.gz');
const hasExtract = existsSync(CAMPO_GRANDE);
const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `the offline basemap with a road graph${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let server: TestServer;
    let fleet: SimulatedFleet;
    let browser: Browser;
    let credentials: { email: string; password: string };
    let admin: string;

    beforeAll(async () => {
      const network: StreetNetwork = hasExtract
        ? await loadOsmNetwork(CAMPO_GRANDE)
        : gridNetwork({ centerLat: -20.4697, centerLng: -54.6201, radiusMeters: 3000 });
      const b = network.bbox;
      const centre = network.node(
        network.nearestNode((b.south + b.north) / 2, (b.west + b.east) / 2),
      );
      server = await TestServer.start(
        { WEB_DIR: WEB_BUILD, CONSOLE_TICK_MS: 250 },
        { streets: network, roads: network },
      );
      const dataDir = mkdtempSync(join(tmpdir(), 'dispatch-e2e-basemap-'));
      const seeded = await seedDemo(server.app, {
        network,
        hub: { name: 'Basemap hub', lat: centre.lat, lng: centre.lng },
        couriers: 6,
        stops: 60,
        seed: 4,
        dataDir,
      });
      credentials = seeded!.dispatcher;
      fleet = await startFleet(
        testFleetOptions(server, {
          seed: 5,
          speedup: 2,
          pingIntervalMs: 500,
          incidentLogPath: join(dataDir, 'incidents.jsonl'),
          network,
        }),
      );
      browser = await launchBrowser();
      admin = await server.login();
    });
    afterAll(async () => {
      await browser?.close();
      await fleet?.stop();
      await server?.stop();
    });

    async function signIn(): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-email').fill(credentials.email);
      await page.getByTestId('login-password').fill(credentials.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${server.url}/`);
      await page.getByTestId('courier-item').first().waitFor();
      return page;
    }

    /** A courier with at least two open stops. */
    async function courierWithStops(): Promise<number> {
      const list = await server.request<{ couriers: { id: number }[] }>('GET', '/api/v1/couriers', {
        cookie: admin,
      });
      for (const { id } of list.body.couriers) {
        const route = await server.request<{ stops: unknown[] }>(
          'GET',
          `/api/v1/couriers/${id}/route`,
          { cookie: admin },
        );
        if (route.body.stops.length >= 2) return id;
      }
      throw new Error('no courier has two open stops');
    }

    it("draws a selected courier's route along the streets, with street names", async () => {
      const page = await signIn();
      const glyphWarnings: string[] = [];
      page.on('console', (m) => {
        if (/glyph/i.test(m.text())) glyphWarnings.push(m.text());
      });
      const courierId = await courierWithStops();
      const answer = page.waitForResponse((r) =>
        r.url().endsWith(`/api/v1/couriers/${courierId}/route/path`),
      );
      await page.locator(`[data-testid="courier-item"][data-courier-id="${courierId}"]`).click();
      const response = await answer;
      expect(response.status()).toBe(200);
      const path = (await response.json()) as RoutePath;
      expect(path.shape).toBe('streets');
      expect(path.legs.length).toBeGreaterThanOrEqual(1);
      // Along the streets, a leg bends at the crossings it passes: more than its two ends.
      expect(path.legs.some((leg) => leg.geometry.coordinates.length > 4)).toBe(true);

      // Close in on the first stop (a double click zooms in around the point clicked) until
      // street names show (from zoom 13) and the streets are told apart.
      const map = page.getByTestId('map');
      const zoom = async () => Number((await map.getAttribute('data-zoom')) || 0);
      const firstStop = page.getByTestId('route-label').first();
      await firstStop.waitFor();
      await expect.poll(zoom, { timeout: 10_000 }).toBeGreaterThan(0);
      for (let i = 0; i < 6 && (await zoom()) < 14; i++) {
        const before = await zoom();
        const box = (await firstStop.boundingBox())!;
        // The label stands just above its stop; click beside the stop, not on it.
        await page.mouse.dblclick(box.x - 30, box.y + box.height + 10);
        await expect.poll(zoom).toBeGreaterThan(before + 0.5);
      }
      expect(await zoom()).toBeGreaterThanOrEqual(13);
      await screenshot(page, 'basemap-route-along-streets');
      expect(glyphWarnings).toEqual([]);
      await page.close();
    });
  },
);

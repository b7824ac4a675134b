import { copyFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();

/** Screens the console must work on: a laptop, a tablet held sideways, a phone. */
const SCREENS = [
  { name: 'laptop', width: 1280, height: 720 },
  { name: 'tablet', width: 1024, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe.skipIf(unavailable !== null)(
  `the console's layout on small screens${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;

    beforeAll(async () => {
      env = await startConsoleServer({ simulate: false });
      browser = await launchBrowser();
      // A problem per courier, so the problems panel has more rows than it shows at once.
      const admin = await env.server.login();
      const { body } = await env.server.request<{ couriers: { id: number }[] }>(
        'GET',
        '/api/v1/couriers',
        { cookie: admin },
      );
      for (const courier of body.couriers) {
        await env.server.request('POST', '/api/v1/test/alerts', {
          cookie: admin,
          body: { kind: 'stalled', severity: 'warning', courierId: courier.id },
        });
      }
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    for (const screen of SCREENS) {
      it(`shows the map, the problems, the couriers and sign-out on a ${screen.name} (${screen.width}×${screen.height})`, async () => {
        const page = await browser.newPage({
          viewport: { width: screen.width, height: screen.height },
        });
        await page.goto(`${env.server.url}/login`);
        await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
        await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
        await page.getByTestId('login-submit').click();
        await page.waitForURL(`${env.server.url}/`);
        await page.locator('main#main').waitFor();
        const map = await page.locator('main#main').boundingBox();
        expect(map!.width).toBeGreaterThan(screen.width * 0.5);
        expect(map!.height).toBeGreaterThan(200);
        const signOut = page.getByRole('button', { name: 'Sign out' });
        const out = await signOut.boundingBox();
        expect(out!.x + out!.width).toBeLessThanOrEqual(screen.width);
        for (const panel of ['Problems and suggested fixes']) {
          const box = await page.getByRole('complementary', { name: panel }).boundingBox();
          expect(box!.width).toBeGreaterThan(200);
        }
        await screenshot(page, `layout-${screen.name}`);
        await page.close();
      });
    }

    async function signIn(viewport: { width: number; height: number }): Promise<Page> {
      const page = await browser.newPage({ viewport });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page.getByTestId('problem-item').first().waitFor();
      return page;
    }

    /** Problem rows wholly in view in the panel's scrolling list. */
    const problemRowsInView = (page: Page) =>
      page.getByTestId('problem-panel').evaluate((panel) => {
        const list = panel.querySelector('.scroll')!.getBoundingClientRect();
        return [...panel.querySelectorAll('[data-testid="problem-item"]')].filter((row) => {
          const r = row.getBoundingClientRect();
          return r.height > 0 && r.top >= list.top && r.bottom <= list.bottom + 0.5;
        }).length;
      });
    const couriersToggle = (page: Page) =>
      page.getByRole('button', { name: 'Couriers and stops', exact: true });
    const mapCanvasWidth = (page: Page) =>
      page.locator('.maplibregl-canvas').evaluate((canvas) => canvas.clientWidth);

    it('collapses the courier list on a laptop (1280×720): the map takes its room, and a reload keeps it', async () => {
      const page = await signIn({ width: 1280, height: 720 });
      const problems = page.getByRole('complementary', { name: 'Problems and suggested fixes' });
      const toggle = couriersToggle(page);
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const controls = await toggle.getAttribute('aria-controls');
      expect(await page.locator(`#${controls}`).count()).toBe(1);
      const map = (await page.locator('main#main').boundingBox())!;
      const panel = (await problems.boundingBox())!;
      const rows = await problemRowsInView(page);
      await page.getByTestId('courier-list').waitFor();

      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      await expect.poll(() => page.getByTestId('courier-list').isVisible()).toBe(false);
      // The room goes to the map, whose canvas follows; the problems keep their full height.
      await expect
        .poll(async () => (await page.locator('main#main').boundingBox())!.width)
        .toBeGreaterThan(map.width + 200);
      const wider = (await page.locator('main#main').boundingBox())!.width;
      await expect.poll(() => mapCanvasWidth(page)).toBe(Math.round(wider));
      expect((await problems.boundingBox())!.height).toBe(panel.height);
      expect(await problemRowsInView(page)).toBe(rows);
      await expect
        .poll(() => toggle.evaluate((b) => b.ownerDocument.activeElement === b))
        .toBe(true);
      await screenshot(page, 'layout-laptop-couriers-collapsed');
      mkdirSync('/tmp/shots-map', { recursive: true });
      copyFileSync(
        await screenshot(page, 'layout-laptop-couriers-collapsed'),
        '/tmp/shots-map/layout-1280-couriers-collapsed.png',
      );

      await page.reload();
      await page.getByTestId('problem-item').first().waitFor();
      expect(await couriersToggle(page).getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('courier-list').isVisible()).toBe(false);
      expect((await page.locator('main#main').boundingBox())!.width).toBeGreaterThan(
        map.width + 200,
      );

      await couriersToggle(page).click();
      await page.getByTestId('courier-list').waitFor();
      expect(await couriersToggle(page).getAttribute('aria-expanded')).toBe('true');
      await page.close();
    });

    it('collapsing the couriers under the map on a tablet (1024×768) makes the problems panel taller, with more rows in view', async () => {
      const page = await signIn({ width: 1024, height: 768 });
      const problems = page.getByRole('complementary', { name: 'Problems and suggested fixes' });
      const before = (await problems.boundingBox())!.height;
      const rows = await problemRowsInView(page);
      await couriersToggle(page).click();
      await expect
        .poll(async () => (await problems.boundingBox())!.height)
        .toBeGreaterThan(before + 150);
      expect(await problemRowsInView(page)).toBeGreaterThan(rows);
      await screenshot(page, 'layout-tablet-couriers-collapsed');
      copyFileSync(
        await screenshot(page, 'layout-tablet-couriers-collapsed'),
        '/tmp/shots-map/layout-1024-couriers-collapsed.png',
      );
      await page.close();
    });
  },
);

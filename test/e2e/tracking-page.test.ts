import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RescheduleOptions, Stop, StopVisitReport, TrackingView } from '@dispatch/shared';
import type { CourierClient, TestServer } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot } from './harness';
import { trackingWorld, ZONE, type StopRef } from './tracking-world';

type AxeResult = { id: string; impact: string | null };

const unavailable = e2eUnavailable();
const AXE = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
/** `14:20` in the hub's zone, as the page writes it for an en-GB reader. */
const hubTime = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);

/** How wide the page's content is, px: wider than the viewport scrolls sideways. */
const pageWidth = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );

describe.skipIf(unavailable !== null)(
  `the customer's tracking page on a phone${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let server: TestServer;
    let admin: string;
    let browser: Browser;
    let phone: BrowserContext;
    let page: Page;
    let rita: CourierClient;
    let ben: CourierClient;
    let ritaAt: (km: number) => Promise<{ lat: number; lng: number }>;
    /** Stops by order reference, and their tracking links' tokens. */
    let ids: Record<StopRef, number>;
    let tokens: Partial<Record<StopRef, string>>;

    const open = async (ref: StopRef) => {
      await page.goto(`${server.url}/t/${tokens[ref]}`);
      await page.getByTestId('tracking-headline').waitFor();
    };
    const visit = async (device: CourierClient, event: string, report: StopVisitReport) =>
      expect(await device.timeout(5000).emitWithAck(event as 'stop:delivered', report)).toEqual({
        ok: true,
      });
    const apiView = async (ref: StopRef) =>
      (await server.request<TrackingView>('GET', `/api/v1/track/${tokens[ref]}`)).body;
    const text = (testId: string) => page.getByTestId(testId).innerText();
    const timelineEnd = () =>
      page.locator('[data-testid="tracking-timeline"] li').last().innerText();

    beforeAll(async () => {
      ({ server, admin, rita, ben, ritaAt, ids, tokens } = await trackingWorld());
      browser = await launchBrowser();
      phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-GB',
      });
      page = await phone.newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('shows the order received, with its window in the hub’s time, and no map', async () => {
      await open('T-100');
      expect(await text('tracking-hub')).toBe('Campo Grande');
      const view = await apiView('T-100');
      expect(view.phase).toBe('received');
      const shown = view.etaWindow ?? view.window;
      expect(await text('tracking-headline')).toContain(
        `${hubTime(shown.start)}–${hubTime(shown.end)}`,
      );
      expect(await page.getByTestId('tracking-map').count()).toBe(0);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    });

    it('follows the courier live: stops before yours, then the map within three stops', async () => {
      await visit(rita, 'stop:en_route', { stopId: ids['R-1'] });
      await expect.poll(() => text('tracking-detail')).toBe('4 stops before yours');
      expect(await page.getByTestId('tracking-map').count()).toBe(0);

      await visit(rita, 'stop:delivered', { stopId: ids['R-1'] });
      await expect.poll(() => text('tracking-detail')).toBe('3 stops before yours');
      const map = page.getByTestId('tracking-map');
      await expect.poll(() => map.getAttribute('data-state'), { timeout: 20_000 }).toBe('shown');
      expect(await map.locator('.tracking-marker.courier').innerText()).toBe('Rita');
      expect(await map.getAttribute('aria-label')).toBe('Map: your address and Rita on the way');

      const moved = await ritaAt(1.1);
      await expect
        .poll(() => map.getAttribute('data-courier'), { timeout: 15_000 })
        .toBe(`${moved.lat},${moved.lng}`);
      const view = await apiView('T-100');
      if (view.etaWindow) {
        const eta = `Arriving ${hubTime(view.etaWindow.start)}–${hubTime(view.etaWindow.end)}`;
        await expect.poll(() => text('tracking-headline')).toBe(eta);
      }
      await screenshot(page, 'tracking-out-for-delivery');
    });

    it('takes delivery instructions, which reach the console’s stop', async () => {
      const form = page.getByTestId('instructions-form');
      await form.getByLabel('Door code').check();
      await form.getByTestId('instructions-text').fill('  Gate code 4512#  ');
      await form.getByTestId('instructions-save').click();
      await expect
        .poll(() => text('instructions-status'))
        .toBe('Saved. The courier will see your instructions.');
      const stop = await server.request<Stop>('GET', `/api/v1/stops/${ids['T-100']}`, {
        cookie: admin,
      });
      expect(stop.body.instructions).toEqual({ kind: 'door_code', text: 'Gate code 4512#' });
    });

    it('has no serious accessibility problems and fits the phone’s width', async () => {
      // Evaluated by the browser's tooling: the page's content security policy refuses injected scripts.
      await page.evaluate(readFileSync(AXE, 'utf8'));
      const violations = await page.evaluate(async () => {
        const { axe } = globalThis as unknown as {
          axe: { run: (ctx: unknown) => Promise<{ violations: AxeResult[] }> };
        };
        // MapLibre's own canvas is left to MapLibre.
        const result = await axe.run({ exclude: [['.maplibregl-map']] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact }));
      });
      expect(violations.filter((v) => v.impact !== 'minor' && v.impact !== null)).toEqual([]);
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    });

    it('says the courier is almost there once no stop is left before yours', async () => {
      for (const ref of ['R-2', 'R-3', 'R-4'] as const)
        await visit(rita, 'stop:delivered', { stopId: ids[ref] });
      await expect.poll(() => text('tracking-detail')).toBe('Rita is almost there');
      expect(await page.getByTestId('tracking-map').count()).toBe(1);
    });

    it('ends with the time and who took the parcel, and the map gone', async () => {
      await visit(rita, 'stop:delivered', {
        stopId: ids['T-100'],
        proof: { recipientName: 'Ana Souza' },
      });
      await expect.poll(() => text('tracking-headline')).toBe('Delivered');
      const [row] = await server.app.db.query<{ at: number }>(
        'select (extract(epoch from completed_at) * 1000)::float8 as at from stops where id = $1',
        [ids['T-100']],
      );
      const delivered = `Delivered at ${hubTime(row!.at)} to Ana Souza`;
      expect(await text('tracking-detail')).toBe(delivered);
      expect(await timelineEnd()).toContain(delivered);
      await expect.poll(() => page.getByTestId('tracking-map').count()).toBe(0);
      expect(await page.getByTestId('instructions-form').count()).toBe(0);
      await screenshot(page, 'tracking-delivered');
    });

    it('moves a delivery to one of the hub’s windows after asking to confirm', async () => {
      await open('T-200');
      const offered = (
        await server.request<RescheduleOptions>(
          'GET',
          `/api/v1/track/${tokens['T-200']}/reschedule-options`,
        )
      ).body;
      expect(offered.options.length).toBeGreaterThan(0);
      const chosen = offered.options.at(-1)!;
      await page.locator(`[data-testid="reschedule-option"][data-start="${chosen.start}"]`).click();
      expect(await page.getByRole('group', { name: /^Move your delivery to/ }).count()).toBe(1);
      await page.getByTestId('reschedule-confirm').click();
      await expect
        .poll(() => text('tracking-notice'))
        .toBe('Done: your delivery has been changed.');
      expect(await text('tracking-headline')).toContain(
        `${hubTime(chosen.start)}–${hubTime(chosen.end)}`,
      );
      const [row] = await server.app.db.query<{ start: number; end: number }>(
        `select (extract(epoch from window_start) * 1000)::float8 as start,
                (extract(epoch from window_end) * 1000)::float8 as "end"
         from stops where id = $1`,
        [ids['T-200']],
      );
      expect(row).toEqual({ start: chosen.start, end: chosen.end });
    });

    it('offers a new time first after a failed attempt that asks the customer to choose', async () => {
      await visit(ben, 'stop:failed', { stopId: ids['T-300'], reasonCode: 'not_home' });
      await server.app.reattempts.settled();
      await open('T-300');
      await expect.poll(() => text('tracking-headline')).toBe('We could not deliver your parcel');
      expect(await text('tracking-detail')).toBe('Nobody was home. Choose a new time below.');
      // The choice comes right after the status, before the timeline.
      const order = await page
        .locator('main > section')
        .evaluateAll((sections) => sections.map((s) => s.getAttribute('data-testid') ?? ''));
      expect(order.slice(0, 2)).toEqual(['tracking-status', 'reschedule']);
      await page.getByTestId('reschedule-option').first().waitFor();
      await screenshot(page, 'tracking-failed-choose-window');
    });

    it('speaks Portuguese for a Portuguese order, whatever the browser’s language', async () => {
      await open('T-400');
      expect(await text('tracking-headline')).toMatch(/^(Previsto|Chega) /);
      expect(await page.getByRole('heading', { name: 'Andamento' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Salvar instruções' }).count()).toBe(1);
      expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
      await screenshot(page, 'tracking-pt-br');
    });

    it('fits a small phone and sits in a narrow column on a desk', async () => {
      const sized = async (viewport: { width: number; height: number }, ref: StopRef) => {
        const context = await browser.newContext({ viewport, locale: 'en-GB' });
        const other = await context.newPage();
        await other.goto(`${server.url}/t/${tokens[ref]}`);
        await other.getByTestId('reschedule-option').first().waitFor();
        return { context, other, width: await pageWidth(other) };
      };
      const small = await sized({ width: 360, height: 640 }, 'T-300');
      expect(small.width).toBeLessThanOrEqual(360);
      await small.context.close();
      const desk = await sized({ width: 1280, height: 800 }, 'T-200');
      const status = (await desk.other.getByTestId('tracking-status').boundingBox())!;
      expect(status.width).toBeLessThan(600);
      await screenshot(desk.other, 'tracking-desktop');
      await desk.context.close();
    });

    it('shows only "This link is not valid" for a link nobody was given', async () => {
      await page.goto(`${server.url}/t/${randomBytes(32).toString('base64url')}`);
      const refused = page.getByTestId('tracking-refused');
      await refused.waitFor();
      expect(await refused.getAttribute('data-kind')).toBe('not_found');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'This link is not valid',
      );
      expect(await refused.innerText()).toContain('Este link não é válido');
      expect(await page.getByTestId('tracking-hub').count()).toBe(0);
      await screenshot(page, 'tracking-invalid');
    });

    it('asks an address that tried too many links to wait, even with a good one', async () => {
      const address = '203.0.113.9';
      for (let i = 0; i < 20; i++) {
        const miss = await server.request(
          'GET',
          `/api/v1/track/${randomBytes(32).toString('base64url')}`,
          {
            headers: { 'x-forwarded-for': address },
          },
        );
        expect(miss.status).toBe(404);
      }
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: 'en-GB',
        extraHTTPHeaders: { 'x-forwarded-for': address },
      });
      const other = await context.newPage();
      await other.goto(`${server.url}/t/${tokens['T-400']}`);
      const refused = other.getByTestId('tracking-refused');
      await refused.waitFor();
      expect(await refused.getAttribute('data-kind')).toBe('rate_limited');
      expect(await other.getByRole('heading', { level: 1 }).innerText()).toBe('Too many tries');
      expect(await other.getByTestId('tracking-hub').count()).toBe(0);
      await context.close();
    });

    it('keeps the last view while the connection is down, and catches up once back', async () => {
      await open('T-200');
      const shown = await text('tracking-headline');
      const connection = page.getByTestId('tracking-connection');
      await expect.poll(() => connection.getAttribute('data-live')).toBe('live');
      const restarting = server.restart({ samePorts: true });
      await expect.poll(() => connection.getAttribute('data-live')).toBe('reconnecting');
      expect(await connection.innerText()).toBe(
        'Reconnecting… the times shown may be a little behind.',
      );
      expect(await text('tracking-headline')).toBe(shown);
      await restarting;
      await expect
        .poll(() => connection.getAttribute('data-live'), { timeout: 30_000 })
        .toBe('live');
      expect(await connection.innerText()).toBe('');
      expect(await text('tracking-headline')).toBe(shown);
    });
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Stop } from '@dispatch/shared';
import { eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type Route = { version: number; stops: { id: number; orderRef: string | null }[] };

const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `the day timeline in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;

    beforeAll(async () => {
      env = await startConsoleServer();
      browser = await launchBrowser();
      admin = await env.server.login();
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    const get = async <T>(path: string) =>
      (await env.server.request<T>('GET', path, { cookie: admin })).body;
    const route = (courierId: number) => get<Route>(`/api/v1/couriers/${courierId}/route`);

    async function openTimeline(viewport: { width: number; height: number }): Promise<Page> {
      const page = await browser.newPage({ viewport });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page.getByTestId('nav-timeline').click();
      await page.waitForURL(`${env.server.url}/timeline`);
      await page.getByTestId('timeline-block').first().waitFor();
      return page;
    }

    /** A courier's last planned delivery (no shop pickup travels with it) and another courier. */
    async function aMove(): Promise<{ stop: Stop; from: number; to: number }> {
      const { stops } = await get<{ stops: Stop[] }>('/api/v1/stops?status=assigned&limit=5000');
      const refs = new Map<string, number>();
      for (const s of stops) if (s.orderRef) refs.set(s.orderRef, (refs.get(s.orderRef) ?? 0) + 1);
      const byCourier = new Map<number, Stop[]>();
      for (const s of stops) {
        if (s.courierId === null || s.kind !== 'delivery' || refs.get(s.orderRef ?? '') !== 1)
          continue;
        byCourier.set(s.courierId, [...(byCourier.get(s.courierId) ?? []), s]);
      }
      const [from, own] = [...byCourier.entries()].find(([, list]) => list.length >= 2)!;
      const last = (await route(from)).stops.at(-1)!;
      const stop = own.find((s) => s.id === last.id) ?? own.at(-1)!;
      const to = [...byCourier.keys()].find((id) => id !== from)!;
      return { stop, from, to };
    }

    it('drags a stop onto another courier, shows the lateness it causes, moves it, and undoes it', async () => {
      const page = await openTimeline({ width: 1600, height: 1000 });
      const { stop, from, to } = await aMove();
      const before = (await route(from)).stops.map((s) => s.id);
      const block = page.locator(`[data-testid="timeline-block"][data-stop-id="${stop.id}"]`);
      const lane = page.locator(`[data-testid="timeline-lane"][data-courier-id="${to}"]`);
      await block.scrollIntoViewIfNeeded();
      const start = (await block.boundingBox())!;
      const target = (await lane.boundingBox())!;

      await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
      await page.mouse.down();
      await page.mouse.move(target.x + target.width - 40, target.y + target.height / 2, {
        steps: 12,
      });
      const preview = page.getByTestId('move-preview').and(page.locator('[data-state="ready"]'));
      await preview.waitFor();
      const text = await preview.innerText();
      expect(text).toMatch(/stop: arrives \d{1,2}:\d{2}/);
      expect(text).toMatch(/min driving/);
      expect(text).toMatch(/no new lateness|late/);
      await screenshot(page, 'timeline-drag-preview-1600');
      await page.mouse.up();

      await eventually(
        async () => ((await route(to)).stops.some((s) => s.id === stop.id) ? true : undefined),
        10_000,
        'the stop on the new route',
      );
      expect((await route(from)).stops.map((s) => s.id)).not.toContain(stop.id);
      const toast = page.getByTestId('undo-toast');
      await expect(toast.getByTestId('undo-label').innerText()).resolves.toContain(
        `Moved order ${stop.orderRef}`,
      );
      await screenshot(page, 'timeline-moved-1600');

      await toast.getByTestId('undo-move').click();
      await page.getByTestId('undo-notice').waitFor();
      expect(await page.getByTestId('undo-notice').innerText()).toBe('Move undone.');
      // Back in its place among the stops it had around it (the live fleet may add others).
      const back = (await route(from)).stops.map((s) => s.id);
      expect(back.filter((id) => before.includes(id))).toEqual(before);
      expect((await route(to)).stops.map((s) => s.id)).not.toContain(stop.id);
      await page.close();
    });

    it('opens the move dialog with M: couriers by extra driving, never the current one', async () => {
      const page = await openTimeline({ width: 1280, height: 720 });
      await screenshot(page, 'timeline-1280');
      const { stop, from } = await aMove();
      const block = page.locator(`[data-testid="timeline-block"][data-stop-id="${stop.id}"]`);
      await block.scrollIntoViewIfNeeded();
      await block.focus();
      await page.keyboard.press('m');
      const dialog = page.getByTestId('move-dialog');
      await dialog.getByTestId('move-candidate').first().waitFor();
      const offered = await dialog.getByTestId('move-candidate').evaluateAll((items) =>
        items.map((item) => ({
          courierId: Number(item.getAttribute('data-courier-id')),
          added: Number(item.getAttribute('data-added-minutes')),
        })),
      );
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.map((c) => c.courierId)).not.toContain(from);
      const added = offered.map((c) => c.added);
      expect(added).toEqual([...added].sort((a, b) => a - b));
      await dialog
        .getByTestId('move-dialog-preview')
        .getByText(/stop: arrives/)
        .waitFor();
      await screenshot(page, 'timeline-move-dialog-1280');
      await page.keyboard.press('Escape');
      await page.close();
    });

    it('offers ranked couriers in the console’s move panel, without the current one', async () => {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      const { from } = await aMove();
      await page.locator(`[data-testid="courier-item"][data-courier-id="${from}"]`).click();
      await page.getByTestId('timeline-select').last().check();
      const panel = page.getByTestId('reassign-panel');
      await panel.getByTestId('move-candidate').first().waitFor();
      const offered = await panel
        .getByTestId('move-candidate')
        .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-courier-id'))));
      expect(offered).not.toContain(from);
      await panel
        .getByTestId('move-dialog-preview')
        .getByText(/stop: arrives/)
        .waitFor();
      await screenshot(page, 'console-move-panel-1600');
      await page.close();
    });
  },
);

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { zonedDate, type Hub } from '@dispatch/shared';
import { parseCsv } from '../../server/src/stops/csv';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `importing stops, the unassigned queue and the day's export in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let page: Page;
    let hub: Hub;
    let today: string;

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 4, stops: 20, simulate: false });
      browser = await launchBrowser();
      const admin = await env.server.login();
      hub = (await env.server.request<{ hubs: Hub[] }>('GET', '/api/v1/hubs', { cookie: admin }))
        .body.hubs[0]!;
      today = zonedDate(Date.now(), hub.timezone);
      page = await browser.newPage({
        viewport: { width: 1280, height: 720 },
        acceptDownloads: true,
      });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    const csv = (lat2: string) =>
      [
        'order_ref,kind,address,lat,lng,window_start,window_end,demand',
        `E2E-IMP-1,delivery,"Rua Bahia, 100",-20.466,-54.615,${today} 09:00,${today} 23:00,1`,
        `E2E-IMP-2,delivery,Rua Pernambuco 250,${lat2},-54.622,${today} 10:00,${today} 23:30,2`,
        `E2E-IMP-3,pickup,Avenida Afonso Pena 3000,-20.462,-54.6,${today} 11:00,${today} 23:45,1`,
      ].join('\n');

    it('previews a file with a per-line problem, then imports the fixed file', async () => {
      await page.goto(`${env.server.url}/import`);
      await page.getByTestId('import-hub').waitFor();
      await page.getByTestId('import-text').fill(csv('-200'));
      await page.getByTestId('import-check').click();
      const badRow = page.locator('[data-testid="preview-row"][data-line="3"]');
      await badRow.getByTestId('row-problems').waitFor();
      expect(await badRow.getByTestId('row-problems').innerText()).toContain(
        'lat must be a number from -90 to 90',
      );
      expect(await page.getByTestId('preview-row').count()).toBe(3);
      expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
      await screenshot(page, 'import-preview-problem');

      await page.getByTestId('import-text').fill(csv('-20.47'));
      expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-ready').waitFor();
      expect(await page.getByTestId('import-submit').innerText()).toBe('Import 3 stops');
      await screenshot(page, 'import-preview-ready');
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-result').waitFor();
      expect(await page.getByTestId('import-result').innerText()).toContain(
        `Imported 3 stops for ${hub.name}`,
      );
      await screenshot(page, 'import-done');
    });

    it('shows the imported stops in the unassigned queue of their hub', async () => {
      await page.goto(`${env.server.url}/stops`);
      await page.getByTestId('queue-filter').selectOption(String(hub.id));
      for (const ref of ['E2E-IMP-1', 'E2E-IMP-2', 'E2E-IMP-3'])
        await page.locator(`[data-testid="queue-row"][data-ref="${ref}"]`).waitFor();
      const row = await page.locator('[data-testid="queue-row"][data-ref="E2E-IMP-2"]').innerText();
      expect(row).toContain('Rua Pernambuco 250');
      expect(row).toContain('10:00–23:30');
      await screenshot(page, 'unassigned-queue');
    });

    it('creates a stop from the form, saying plainly what is missing first', async () => {
      await page.getByTestId('stop-new').click();
      await page.getByTestId('stop-ref').fill('E2E-NEW-1');
      await page.getByTestId('stop-save').click();
      const form = page.getByTestId('stop-form');
      await form.getByText('Enter the street address.').waitFor();
      await form.getByText('A latitude from -90 to 90, e.g. -20.4628.').waitFor();
      await screenshot(page, 'stop-form-errors');
      await page.getByTestId('stop-address').fill('Rua Goiás 77');
      await page.getByTestId('stop-lat').fill('-20.468');
      await page.getByTestId('stop-lng').fill('-54.61');
      // A window inside the hub's today whatever the hour, so the day's export below holds it.
      await page.getByTestId('stop-window-start').fill(`${today}T10:00`);
      await page.getByTestId('stop-window-end').fill(`${today}T12:00`);
      await page.getByTestId('stop-save').click();
      await page.locator('[data-testid="queue-row"][data-ref="E2E-NEW-1"]').waitFor();
      expect(await page.getByTestId('stops-notice').innerText()).toContain('E2E-NEW-1 created');
    });

    it("downloads the day's stops as CSV from the reports page", async () => {
      await page.goto(`${env.server.url}/reports`);
      await page.getByTestId('report-summary').waitFor();
      await screenshot(page, 'courier-report');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-stops').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^stops-.*-${today}\\.csv$`));
      const rows = parseCsv(readFileSync((await download.path())!, 'utf8')).map((r) => r.fields);
      expect(rows[0]!.slice(0, 4)).toEqual(['reference', 'kind', 'address', 'courier']);
      expect(rows.some((r) => r[0] === 'E2E-NEW-1')).toBe(true);
      const imported = rows.filter((r) => r[0]!.startsWith('E2E-IMP-'));
      expect(imported.map((r) => [r[0], r[2], r[9]])).toEqual([
        ['E2E-IMP-1', 'Rua Bahia, 100', 'open'],
        ['E2E-IMP-2', 'Rua Pernambuco 250', 'open'],
        ['E2E-IMP-3', 'Avenida Afonso Pena 3000', 'open'],
      ]);
      expect(imported[0]![4]).toMatch(new RegExp(`^${today}T09:00:00[+-]\\d\\d:\\d\\d$`));
    });
  },
);

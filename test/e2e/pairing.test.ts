import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Courier, PairReply } from '@dispatch/shared';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type AxeResult = { id: string; impact: string | null; nodes: { target: string[] }[] };

const unavailable = e2eUnavailable();
const AXE = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');

describe.skipIf(unavailable !== null)(
  `pairing a phone from the courier panel${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;
    let page: Page;
    let courier: Courier;

    const courierNow = async () =>
      (
        await env.server.request<Courier>('GET', `/api/v1/couriers/${courier.id}`, {
          cookie: admin,
        })
      ).body;

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 3, stops: 10, simulate: false });
      browser = await launchBrowser();
      admin = await env.server.login();
      const list = await env.server.request<{ couriers: Courier[] }>('GET', '/api/v1/couriers', {
        cookie: admin,
      });
      courier = list.body.couriers[0]!;
      page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page.locator(`[data-testid="courier-item"][data-courier-id="${courier.id}"]`).click();
      await page.getByTestId('courier-drawer').waitFor();
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    it('shows a QR code, the link and the code, and the link pairs a phone', async () => {
      await page.getByTestId('pair-phone').click();
      const dialog = page.getByTestId('pairing-dialog');
      await dialog.waitFor();
      const link = (await page.getByTestId('pairing-link').textContent())!.trim();
      expect(link).toMatch(new RegExp(`^${env.server.url}/driver/pair#[0-9A-HJKMNP-TV-Z]{10}$`));
      const code = link.split('#')[1]!;
      expect(await page.getByTestId('pairing-code').textContent()).toContain(
        `${code.slice(0, 5)} ${code.slice(5)}`,
      );
      expect(await page.getByTestId('pairing-countdown').textContent()).toMatch(
        /\b(10:00|9:\d\d)\b/,
      );
      const qr = dialog.getByRole('img');
      expect(await qr.getAttribute('alt')).toContain(courier.name);
      const drawn = await qr.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      });
      expect(drawn).toBe(true);
      // The test server listens on 127.0.0.1 without PUBLIC_URL: the dialog says a phone needs more.
      expect(await page.getByTestId('pairing-local').count()).toBe(1);
      await screenshot(page, 'pairing-dialog');

      const paired = await env.server.request<PairReply>('POST', '/api/v1/device/pair', {
        body: { code },
      });
      expect(paired.body).toMatchObject({ courierId: courier.id, courierName: courier.name });
    });

    it('has no serious accessibility violations in the dialog', async () => {
      // Evaluated by the browser's tooling: the page's content security policy refuses injected scripts.
      await page.evaluate(readFileSync(AXE, 'utf8'));
      const violations = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: { run: (ctx: unknown) => Promise<{ violations: AxeResult[] }> };
          }
        ).axe;
        const result = await axe.run('[data-testid="pairing-dialog"]');
        return result.violations.map((v) => ({ id: v.id, impact: v.impact }));
      });
      expect(violations.filter((v) => v.impact !== 'minor' && v.impact !== null)).toEqual([]);
    });

    it('closes on Escape and leaves the courier panel open', async () => {
      await page.keyboard.press('Escape');
      await page.getByTestId('pairing-dialog').waitFor({ state: 'detached' });
      expect(await page.getByTestId('courier-drawer').count()).toBe(1);
    });

    it('signs the phone out after a confirmation', async () => {
      expect((await courierNow()).hasDeviceToken).toBe(true);
      await page.getByTestId('sign-phone-out').click();
      await page.getByTestId('sign-phone-out-confirm').click();
      await page.getByTestId('courier-phone').getByText('The phone is signed out.').waitFor();
      expect((await courierNow()).hasDeviceToken).toBe(false);
    });
  },
);

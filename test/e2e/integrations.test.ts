import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { orderInput } from '../factories/shop-orders';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type AxeResult = { id: string; impact: string | null };

const unavailable = e2eUnavailable();
const AXE = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
const KEY = /^dk_live_[A-Za-z0-9_-]{43}$/;

describe.skipIf(unavailable !== null)(
  `shops and API keys on the integrations page${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let page: Page;
    /** The key as the page showed it, the one time it did. */
    let shownKey = '';

    const postOrder = (key: string, reference: string) =>
      env.server.request<{ code?: string }>('POST', '/api/v1/orders', {
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': reference },
        body: orderInput(reference),
      });

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 2, stops: 5, simulate: false });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.admin.email);
      await page.getByTestId('login-password').fill(env.credentials.admin.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    it('is linked from the navigation for admins', async () => {
      await page.getByTestId('nav-integrations').click();
      await page.waitForURL(`${env.server.url}/integrations`);
      await page.getByTestId('shop-keys').waitFor();
    });

    it('creates a shop for the hub and a key shown once, with a warning', async () => {
      await page.getByTestId('shop-name').fill('Loja E2E');
      await page.getByTestId('shop-create').click();
      await expect
        .poll(() => page.getByTestId('shop-keys-status').textContent())
        .toContain('Loja E2E');
      await page.getByTestId('key-name').fill('Checkout');
      await page.getByTestId('key-create').click();
      const fresh = page.getByTestId('fresh-key');
      await fresh.waitFor();
      shownKey = (await page.getByTestId('fresh-key-value').textContent())!.trim();
      expect(shownKey).toMatch(KEY);
      expect(await fresh.textContent()).toContain('shown only this once');
      const row = page.getByTestId('api-key-row');
      expect(await row.count()).toBe(1);
      expect(await row.locator('code').textContent()).toBe(`${shownKey.slice(0, 12)}…`);
      expect(await page.getByTestId('api-key-status').textContent()).toContain('Active');
      await screenshot(page, 'integrations-new-key');

      // Evaluated by the browser's tooling: the page's content security policy refuses injected scripts.
      await page.evaluate(readFileSync(AXE, 'utf8'));
      const violations = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: { run: (ctx: unknown) => Promise<{ violations: AxeResult[] }> };
          }
        ).axe;
        const result = await axe.run('[data-testid="shop-keys"]');
        return result.violations.map((v) => ({ id: v.id, impact: v.impact }));
      });
      expect(violations.filter((v) => v.impact !== 'minor' && v.impact !== null)).toEqual([]);
    });

    it('takes orders with the key shown', async () => {
      expect((await postOrder(shownKey, 'E2E-1')).status).toBe(201);
    });

    it('hides the key for good once dismissed', async () => {
      await page.getByTestId('fresh-done').click();
      await expect.poll(() => page.getByTestId('fresh-key').count()).toBe(0);
      await page.reload();
      await page.getByTestId('api-key-row').waitFor();
      expect(await page.content()).not.toContain(shownKey);
    });

    it('revokes the key after a confirmation, and the key stops working at once', async () => {
      await page.getByTestId('api-key-revoke').click();
      await page.getByTestId('api-key-revoke-confirm').click();
      await expect
        .poll(() => page.getByTestId('api-key-status').textContent())
        .toContain('Revoked');
      expect(await page.getByTestId('api-key-revoke').count()).toBe(0);
      const refused = await postOrder(shownKey, 'E2E-2');
      expect([refused.status, refused.body.code]).toEqual([401, 'unauthorized']);
    });
  },
);

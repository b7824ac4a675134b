import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PairingCodeReply, StopListSchema } from '@dispatch/shared';
import type { Static } from 'typebox';
import { trackingToken } from '../helpers/tracking-client';
import { e2eUnavailable, launchBrowser, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();

/** What a page reported about the content security policy: console lines and violation events. */
interface Reports {
  messages: string[];
}

/** Records every CSP report of the pages of a browser context. */
async function watchPolicy(context: BrowserContext, reports: Reports): Promise<void> {
  await context.addInitScript(() => {
    const g = globalThis as unknown as {
      addEventListener(type: string, listener: (event: Record<string, unknown>) => void): void;
      console: { error(...args: unknown[]): void };
    };
    g.addEventListener('securitypolicyviolation', (event) =>
      g.console.error(
        `Content Security Policy violation: ${String(event.violatedDirective)} ${String(event.blockedURI)}`,
      ),
    );
  });
  context.on('page', (page) => watchPage(page, reports));
}

function watchPage(page: Page, reports: Reports): void {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) reports.messages.push(message.text());
  });
}

describe.skipIf(unavailable !== null)(
  `the content security policy in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let context: BrowserContext;
    const reports: Reports = { messages: [] };

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 4, stops: 30 });
      browser = await launchBrowser();
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await watchPolicy(context, reports);
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });
    // Each page is judged on its own reports.
    beforeEach(() => {
      reports.messages.length = 0;
    });

    it('sends the policy and the other security headers with the console', async () => {
      const res = await fetch(`${env.server.url}/`);
      const policy = res.headers.get('content-security-policy') ?? '';
      expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
      expect(policy).toMatch(/worker-src 'self' blob:/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });

    it('runs the console, its live map and Socket.IO without a violation', async () => {
      const page = await context.newPage();
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page
        .getByTestId('connection-indicator')
        .and(page.locator('[data-status="live"]'))
        .waitFor();
      await page.locator('canvas.maplibregl-canvas').waitFor();
      // The map's worker has drawn the streets once tiles of couriers arrive.
      await page.waitForFunction(
        () =>
          (
            globalThis as unknown as {
              document: { querySelectorAll(s: string): { length: number } };
            }
          ).document.querySelectorAll('.maplibregl-canvas').length > 0,
      );
      await page.waitForTimeout(1500);
      expect(reports.messages).toEqual([]);
      await page.goto(`${env.server.url}/docs`);
      await page.locator('.swagger-ui .info').waitFor();
      expect(reports.messages).toEqual([]);
      await page.close();
    });

    it('runs the courier app with its service worker and map without a violation', async () => {
      const admin = await env.server.login();
      const { couriers } = (
        await env.server.request<{ couriers: { id: number }[] }>('GET', '/api/v1/couriers', {
          cookie: admin,
        })
      ).body;
      const pairing = await env.server.request<PairingCodeReply>(
        'POST',
        `/api/v1/couriers/${couriers[0]!.id}/pairing`,
        { cookie: admin },
      );
      const page = await context.newPage();
      await page.goto(pairing.body.url);
      await page.waitForURL(`${env.server.url}/driver`);
      await page.getByTestId('driver-name').waitFor();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } })
            .navigator.serviceWorker.controller !== null,
      );
      await page.waitForTimeout(1500);
      expect(reports.messages).toEqual([]);
      await page.close();
    });

    it('shows a customer’s tracking page without a violation', async () => {
      const admin = await env.server.login();
      const { stops } = (
        await env.server.request<Static<typeof StopListSchema>>('GET', '/api/v1/stops?limit=1', {
          cookie: admin,
        })
      ).body;
      const token = await trackingToken(env.server, stops[0]!.id);
      const page = await context.newPage();
      await page.goto(`${env.server.url}/t/${token}`);
      await page.getByTestId('tracking-headline').waitFor();
      await page.waitForTimeout(1000);
      expect(reports.messages).toEqual([]);
      await page.close();
    });
  },
);

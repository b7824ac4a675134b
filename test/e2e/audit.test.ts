import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SECURITY_EVENT_KINDS } from '@dispatch/shared';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();
/** The three failed sign-ins below, as one line. */
const FAILED_SIGN_INS = /^3 failed sign-ins for intruder@example\.com from \S+$/;

describe.skipIf(unavailable !== null)(
  `the audit page${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let page: Page;

    const signIn = async (email: string, password: string): Promise<Page> => {
      const signedIn = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await signedIn.goto(`${env.server.url}/login`);
      await signedIn.getByTestId('login-email').fill(email);
      await signedIn.getByTestId('login-password').fill(password);
      await signedIn.getByTestId('login-submit').click();
      await signedIn.waitForURL(`${env.server.url}/`);
      return signedIn;
    };
    const kindsShown = () =>
      page
        .getByTestId('audit-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind') ?? ''));
    const textsShown = () => page.getByTestId('audit-text').allTextContents();
    const showsFailedSignIns = async () =>
      (await textsShown()).some((line) => FAILED_SIGN_INS.test(line.trim()));

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 2, stops: 5, simulate: false });
      for (let i = 0; i < 3; i++) {
        const refused = await env.server.request('POST', '/api/v1/auth/login', {
          body: { email: 'intruder@example.com', password: 'guessing' },
        });
        expect(refused.status).toBe(401);
      }
      browser = await launchBrowser();
      page = await signIn(env.credentials.admin.email, env.credentials.admin.password);
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    it('is linked from the navigation and lists what happened in plain words', async () => {
      await page.getByTestId('nav-audit').click();
      await page.waitForURL(`${env.server.url}/audit`);
      await page.getByTestId('audit-table').waitFor();
      await expect.poll(showsFailedSignIns).toBe(true);
      expect(await kindsShown()).toContain('stop.created');
      await screenshot(page, 'audit-trail');
    });

    it('filters by kind of change', async () => {
      await page.getByTestId('audit-group').selectOption('stops');
      await expect
        .poll(async () => (await kindsShown()).every((k) => /^(stop|notification)\./.test(k)))
        .toBe(true);
      expect((await kindsShown()).length).toBeGreaterThan(0);
      expect(await showsFailedSignIns()).toBe(false);
    });

    it('shows security events only when asked', async () => {
      await page.getByTestId('audit-group').selectOption('all');
      await page.getByTestId('audit-security').check();
      const security: readonly string[] = SECURITY_EVENT_KINDS;
      await expect
        .poll(async () => (await kindsShown()).every((k) => security.includes(k)))
        .toBe(true);
      expect(await showsFailedSignIns()).toBe(true);
      await page.getByTestId('audit-clear').click();
      await expect.poll(async () => (await kindsShown()).includes('stop.created')).toBe(true);
    });

    it("opens a stop's drawer from its row", async () => {
      const stop = page.getByTestId('audit-open-stop').first();
      const label = (await stop.textContent())!.trim();
      await stop.click();
      const drawer = page.getByTestId('stop-drawer');
      await drawer.waitFor();
      expect(await drawer.locator('h2').textContent()).toContain(label);
    });

    it('is not offered to dispatchers', async () => {
      const { email, password } = env.credentials.dispatcher;
      const desk = await signIn(email, password);
      await desk.getByTestId('nav-timeline').waitFor();
      expect(await desk.getByTestId('nav-audit').count()).toBe(0);
      await desk.goto(`${env.server.url}/audit`);
      await desk.getByTestId('audit-roles-only').waitFor();
      await desk.close();
    });
  },
);

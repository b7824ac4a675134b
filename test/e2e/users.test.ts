import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launchBrowser, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `console users on the Users page${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let page: Page;

    const row = (email: string) => page.getByTestId('user-row').filter({ hasText: email });
    const status = () => page.getByTestId('users-status').textContent();

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 1, stops: 2, simulate: false });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.admin.email);
      await page.getByTestId('login-password').fill(env.credentials.admin.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page.getByTestId('nav-users').click();
      await page.waitForURL(`${env.server.url}/users`);
      await page.getByTestId('users').waitFor();
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    it('explains a refused password in words, then creates the user', async () => {
      await page.getByTestId('user-name').fill('Rita Rocha');
      await page.getByTestId('user-email').fill('rita.rocha@example.com');
      await page.getByTestId('user-password').fill('qwerty123456');
      await page.getByTestId('user-create').click();
      await expect.poll(status).toContain('one of the most used');
      await page.getByTestId('user-password').fill('lanterns-over-the-bay');
      await page.getByTestId('user-create').click();
      await expect.poll(status).toContain('Rita Rocha can now sign in.');
      await expect.poll(() => row('rita.rocha@example.com').count()).toBe(1);
    });

    it('changes the role, resets the password and deactivates', async () => {
      await row('rita.rocha@example.com').getByTestId('user-role').selectOption('supervisor');
      await expect.poll(status).toContain('Role of Rita Rocha changed');
      await row('rita.rocha@example.com').getByTestId('user-reset-password').click();
      await row('rita.rocha@example.com')
        .getByTestId('user-new-password')
        .fill('tides-and-harbour-lights');
      await row('rita.rocha@example.com').getByTestId('user-set-password').click();
      await expect.poll(status).toContain('New password set for Rita Rocha');
      await row('rita.rocha@example.com').getByTestId('user-deactivate').click();
      await row('rita.rocha@example.com').getByTestId('user-deactivate-confirm').click();
      await expect
        .poll(() => row('rita.rocha@example.com').getByTestId('user-status').textContent())
        .toBe('Deactivated');
      const signIn = await env.server.request('POST', '/api/v1/auth/login', {
        body: { email: 'rita.rocha@example.com', password: 'tides-and-harbour-lights' },
      });
      expect(signIn.status).toBe(401);
    });

    it('refuses to demote the last admin, in words', async () => {
      // The server's own admin from the environment steps aside first.
      await row('admin@example.com').getByTestId('user-deactivate').click();
      await row('admin@example.com').getByTestId('user-deactivate-confirm').click();
      await expect.poll(status).toContain('is deactivated');
      await row(env.credentials.admin.email).getByTestId('user-role').selectOption('dispatcher');
      await expect.poll(status).toContain('last active admin');
      await expect
        .poll(() => row(env.credentials.admin.email).getByTestId('user-role').inputValue())
        .toBe('admin');
    });
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AttemptPolicies, Courier, Hub, Stop } from '@dispatch/shared';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();
const HOUR = 3_600_000;

describe.skipIf(unavailable !== null)(
  `failed attempts and returns on the console in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let page: Page;
    let admin: string;
    let hub: Hub;
    let refusedId: number;

    const signIn = async (who: { email: string; password: string }) => {
      await page.context().clearCookies();
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(who.email);
      await page.getByTestId('login-password').fill(who.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
    };

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 2, stops: 6, simulate: false });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      admin = await env.server.login();
      hub = (await env.server.request<{ hubs: Hub[] }>('GET', '/api/v1/hubs', { cookie: admin }))
        .body.hubs[0]!;
      // A courier's parcel refused at the door goes back to the hub.
      const courier = (
        await env.server.request<{ couriers: Courier[] }>('GET', '/api/v1/couriers', {
          cookie: admin,
        })
      ).body.couriers[0]!;
      const token = (
        await env.server.request<{ deviceToken: string }>(
          'POST',
          `/api/v1/couriers/${courier.id}/token`,
          { cookie: admin },
        )
      ).body.deviceToken;
      const now = Date.now();
      const imported = await env.server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: [
            {
              orderRef: 'E2E-REFUSED',
              address: 'Rua Bahia, 100',
              lat: hub.lat + 0.004,
              lng: hub.lng,
              windowStart: now,
              windowEnd: now + 3 * HOUR,
              hubId: hub.id,
              courierId: courier.id,
            },
          ],
        },
      });
      refusedId = imported.body.ids[0]!;
      const device = await env.server.connectCourier(token);
      const ack = await device
        .timeout(5000)
        .emitWithAck('stop:failed', { stopId: refusedId, reasonCode: 'refused' });
      expect(ack).toEqual({ ok: true });
      await env.server.app.reattempts.settled();
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    it('lets a supervisor change a hub’s re-attempt policy in the settings', async () => {
      await signIn(env.credentials.supervisor);
      await page.goto(`${env.server.url}/settings`);
      const row = page.locator('[data-testid="attempt-policy-row"][data-tier="next_day"]');
      await row.waitFor();
      await row.getByTestId('attempt-max').fill('2');
      await page.getByTestId('attempt-policy-save').click();
      await page.getByTestId('attempt-policy-status').waitFor();
      expect(await page.getByTestId('attempt-policy-status').innerText()).toBe('Saved');
      await screenshot(page, 'attempts-settings');
      const stored = await env.server.request<AttemptPolicies>(
        'GET',
        `/api/v1/hubs/${hub.id}/attempt-policies`,
        { cookie: admin },
      );
      expect(stored.body.policies.find((p) => p.slaTier === 'next_day')?.maxAttempts).toBe(2);
    });

    it('shows the supervisor today’s failures by reason and the parcel coming back', async () => {
      await page.goto(`${env.server.url}/sla`);
      const figures = page.getByTestId('attempt-figures');
      await figures.getByTestId('attempts-by-reason').waitFor();
      expect(await figures.locator('[data-reason="refused"]').innerText()).toContain('Refused');
      const back =
        Number(await figures.getByTestId('attempts-on-the-way').locator('.big').innerText()) +
        Number(await figures.getByTestId('attempts-awaiting').locator('.big').innerText());
      expect(back).toBe(1);
      await figures.scrollIntoViewIfNeeded();
      await screenshot(page, 'attempts-sla-figures');
    });

    it('lets a dispatcher check the parcel in when the courier hands it over', async () => {
      await signIn(env.credentials.dispatcher);
      await page.goto(`${env.server.url}/stops`);
      const row = page.locator(`[data-testid="returning-row"][data-stop-id="${refusedId}"]`);
      await row.waitFor();
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'attempts-returns-panel');
      await row.getByTestId('check-in').click();
      await page.getByTestId('returns-notice').waitFor();
      expect(await page.getByTestId('returns-notice').innerText()).toBe(
        'E2E-REFUSED checked in at the hub',
      );
      expect(await row.count()).toBe(0);
      const stop = await env.server.request<Stop>('GET', `/api/v1/stops/${refusedId}`, {
        cookie: admin,
      });
      expect(stop.body.status).toBe('returned');
    });
  },
);

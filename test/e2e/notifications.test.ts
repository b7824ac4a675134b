import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type {
  ApiKeyCreated,
  Hub,
  NotificationLog,
  OrderCreated,
  Shop,
  WebhookList,
} from '@dispatch/shared';
import { orderInput } from '../factories/shop-orders';
import { ADMIN, eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();
const REF = 'E2E-CUST-1';

describe.skipIf(unavailable !== null)(
  `customers' messages in the console, in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;
    let hub: Hub;
    let order: OrderCreated;

    const signIn = async (email: string, password: string): Promise<Page> => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      return page;
    };

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 2, stops: 6, simulate: false });
      browser = await launchBrowser();
      admin = await env.server.login();
      hub = (await env.server.request<{ hubs: Hub[] }>('GET', '/api/v1/hubs', { cookie: admin }))
        .body.hubs[0]!;
      const shop = await env.server.request<Shop>('POST', '/api/v1/shops', {
        cookie: admin,
        body: { hubId: hub.id, name: 'Loja E2E' },
      });
      const key = await env.server.request<ApiKeyCreated>(
        'POST',
        `/api/v1/shops/${shop.body.id}/api-keys`,
        { cookie: admin, body: { name: 'Checkout' } },
      );
      const created = await env.server.request<OrderCreated>('POST', '/api/v1/orders', {
        headers: { authorization: `Bearer ${key.body.key}`, 'idempotency-key': 'e2e-cust-1' },
        body: orderInput(REF, {
          customer: {
            name: 'Ana Lima',
            phone: '+55 67 99999-0000',
            email: 'ana@example.com',
            language: 'pt-BR',
          },
          lat: hub.lat + 0.003,
          lng: hub.lng,
        }),
      });
      expect(created.status).toBe(201);
      order = created.body;
      // The customer leaves a door code on the tracking page.
      const token = order.trackingUrl.split('/t/')[1]!;
      const instructed = await env.server.request('PUT', `/api/v1/track/${token}/instructions`, {
        body: { kind: 'door_code', text: 'Portão 4321' },
      });
      expect(instructed.status).toBe(200);
      // Without SMTP settings the order's email is logged, not sent.
      await eventually(
        async () =>
          (
            await env.server.request<NotificationLog>(
              'GET',
              `/api/v1/notifications?stopId=${order.stopId}`,
              { cookie: admin },
            )
          ).body.deliveries.find((d) => d.channel === 'email' && d.status === 'logged'),
        20_000,
        'the order’s logged email',
      );
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    it("opens a stop's drawer with its customer, instructions, tracking link and messages", async () => {
      const page = await signIn(
        env.credentials.dispatcher.email,
        env.credentials.dispatcher.password,
      );
      await page.getByTestId('stop-search').fill(REF);
      const result = page.locator(`[data-testid="stop-result"][data-stop-id="${order.stopId}"]`);
      await result.waitFor();
      await result.locator('xpath=..').getByTestId('stop-open').click();

      const drawer = page.getByTestId('stop-drawer');
      await drawer.getByTestId('stop-customer').waitFor();
      expect(await drawer.getByTestId('stop-customer').innerText()).toContain('Ana Lima');
      expect(await drawer.getByTestId('stop-customer').innerText()).toContain('ana@example.com');
      expect(await drawer.getByTestId('stop-instructions').innerText()).toBe(
        'Door code: Portão 4321',
      );
      await expect
        .poll(() => drawer.getByTestId('tracking-link').inputValue())
        .toBe(order.trackingUrl);

      const row = drawer.locator('[data-testid="delivery-row"][data-state="logged"]').first();
      await row.waitFor();
      const text = await row.innerText();
      expect(text).toContain('Order received');
      expect(text).toContain('Email');
      expect(text).toContain('ana@example.com');
      expect(text).toContain('Logged, not sent');
      // Sending again is for admins.
      expect(await drawer.getByTestId('delivery-resend').count()).toBe(0);
      await screenshot(page, 'stop-drawer-notifications');

      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
      await page.close();
    });

    it('creates a webhook for the hub on the integrations page, its secret shown once', async () => {
      const page = await signIn(ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.url}/integrations`);
      const section = page.getByTestId('webhooks');
      await section.getByTestId('webhook-url').fill('https://shop.example.com/hooks/deliveries');
      await section.locator('[data-testid="webhook-event"][data-type="stop.delivered"]').check();
      await section.locator('[data-testid="webhook-event"][data-type="stop.failed"]').check();
      await section.getByTestId('webhook-create').click();

      const secret = section.getByTestId('webhook-secret-value');
      await secret.waitFor();
      expect(await secret.innerText()).toMatch(/^whsec_/);
      const row = section.getByTestId('webhook-row').first();
      expect(await row.innerText()).toContain('https://shop.example.com/hooks/deliveries');
      expect(await row.innerText()).toContain('Delivered, Failed attempt');
      const stored = await env.server.request<WebhookList>('GET', '/api/v1/webhooks', {
        cookie: admin,
      });
      expect(stored.body.webhooks).toMatchObject([
        {
          hubId: hub.id,
          shopId: null,
          url: 'https://shop.example.com/hooks/deliveries',
          eventTypes: ['stop.delivered', 'stop.failed'],
          disabledAt: null,
        },
      ]);

      await screenshot(page, 'integrations-webhooks');
      const log = page.getByTestId('delivery-log');
      const logged = log.locator(`[data-testid="delivery-row"][data-state="logged"]`, {
        hasText: 'ana@example.com',
      });
      await logged.first().waitFor();
      expect(await logged.first().innerText()).toContain(`#${order.stopId}`);
      await log.scrollIntoViewIfNeeded();
      await screenshot(page, 'integrations-delivery-log');

      await section.getByTestId('webhook-secret-done').click();
      expect(await section.getByTestId('webhook-secret').count()).toBe(0);
      await row.getByTestId('webhook-disable').click();
      await row.getByTestId('webhook-disable-yes').click();
      await expect.poll(() => row.getByTestId('webhook-status').innerText()).toMatch(/^Disabled/);
      await page.close();
    });
  },
);

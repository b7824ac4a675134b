import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PairingCodeReply } from '@dispatch/shared';
import { TestServer } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, WEB_BUILD } from './harness';

const HUB = { lat: -20.4697, lng: -54.6201 };
const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `the customer's instructions on the courier's phone${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    let stopId: number;
    let pairingUrl: string;

    const card = () => page.locator(`[data-testid="stop-card"][data-stop-id="${stopId}"]`);
    const instructionNotices = () =>
      page.getByTestId('route-notice').filter({ hasText: 'New instructions' }).count();
    /** What the customer does on the tracking page: `PUT /api/v1/track/:token/instructions`. */
    const instruct = async (body: { kind: string; text: string }) => {
      const link = await server.app.customers.links.linkFor(stopId);
      const token = link!.split('/t/')[1]!;
      return server.request('PUT', `/api/v1/track/${token}/instructions`, { body });
    };

    beforeAll(async () => {
      server = await TestServer.start({ WEB_DIR: WEB_BUILD });
      const admin = await server.login();
      const hub = await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Campo Grande', ...HUB, timezone: 'America/Campo_Grande' },
      });
      const courier = await server.createCourier(admin, { name: 'Rita Alves', hubId: hub.body.id });
      const now = Date.now();
      const created = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: [
            {
              orderRef: 'A-300',
              address: 'Rua das Flores, 300',
              lat: HUB.lat + 0.002,
              lng: HUB.lng + 0.001,
              hubId: hub.body.id,
              courierId: courier.id,
              windowStart: now - 3600_000,
              windowEnd: now + 3 * 3600_000,
              customerName: 'Ana Souza',
            },
          ],
        },
      });
      expect(created.status).toBe(201);
      stopId = created.body.ids[0]!;
      const pairing = await server.request<PairingCodeReply>(
        'POST',
        `/api/v1/couriers/${courier.id}/pairing`,
        { cookie: admin },
      );
      browser = await launchBrowser();
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
        permissions: ['geolocation'],
        geolocation: { latitude: HUB.lat, longitude: HUB.lng, accuracy: 8 },
      });
      page = await phone.newPage();
      pairingUrl = pairing.body.url;
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('shows the instructions the customer leaves while the courier is on the route', async () => {
      await page.goto(pairingUrl);
      await page.waitForURL(`${server.url}/driver`);
      await expect.poll(() => card().count()).toBe(1);
      const instructions = card().getByTestId('stop-instructions');
      expect(await instructions.count()).toBe(0);

      expect((await instruct({ kind: 'door_code', text: '4412' })).status).toBe(200);
      await expect.poll(() => instructions.textContent()).toMatch(/Door code:\s*4412/);
      await expect.poll(instructionNotices).toBe(1);
    });

    it('shows changed instructions in place of the old ones, with one notice', async () => {
      expect((await instruct({ kind: 'safe_place', text: 'Behind the gate' })).status).toBe(200);
      const instructions = card().getByTestId('stop-instructions');
      await expect.poll(() => instructions.textContent()).toMatch(/Safe place:\s*Behind the gate/);
      expect(await instructions.getAttribute('data-kind')).toBe('safe_place');
      expect(await instructionNotices()).toBe(1);
      await screenshot(page, 'driver-instructions');
    });

    it('says what they are in Portuguese when the courier chooses it', async () => {
      await page.getByTestId('driver-language').selectOption('pt-BR');
      await expect
        .poll(() => card().getByTestId('stop-instructions').textContent())
        .toMatch(/Local seguro:\s*Behind the gate/);
      await screenshot(page, 'driver-instructions-pt-br');
    });
  },
);

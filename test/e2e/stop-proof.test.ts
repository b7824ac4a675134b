import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Hub, StopPhotoReply } from '@dispatch/shared';
import { TINY_JPEG, TINY_PNG } from '../factories/tiny-images';
import { eventually, makePings, type CourierClient } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `a delivery's proof in the console, in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let page: Page;
    let hub: Hub;
    let courier: { id: number; deviceToken: string };
    let device: CourierClient;
    let stopIds: number[];

    const upload = async (stopId: number, bytes: Uint8Array, kind: string) => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', new Blob([bytes]), 'image');
      const res = await fetch(`${env.server.url}/api/v1/device/stops/${stopId}/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${courier.deviceToken}` },
        body: form,
      });
      return (await res.json()) as StopPhotoReply;
    };

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 2, stops: 6, simulate: false });
      browser = await launchBrowser();
      const admin = await env.server.login();
      hub = (await env.server.request<{ hubs: Hub[] }>('GET', '/api/v1/hubs', { cookie: admin }))
        .body.hubs[0]!;
      courier = await env.server.createCourier(admin, { hubId: hub.id, name: 'Proof Rider' });
      const now = Date.now();
      const stop = (ref: string, dLat: number) => ({
        orderRef: ref,
        address: `${ref} street`,
        lat: hub.lat + dLat,
        lng: hub.lng,
        hubId: hub.id,
        courierId: courier.id,
        windowStart: now - 3600_000,
        windowEnd: now + 3600_000,
      });
      stopIds = (
        await env.server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
          cookie: admin,
          body: { stops: [stop('E2E-PROOF-1', 0), stop('E2E-PROOF-2', 0.004)] },
        })
      ).body.ids;
      device = await env.server.connectCourier(courier.deviceToken);
      const [ping] = makePings(1, 1, now - 1000, { lat: hub.lat + 0.0005, lng: hub.lng });
      await device.timeout(10_000).emitWithAck('pings', { pings: [ping!] });
      await eventually(() => (env.server.app.fleet.get(courier.id)?.fix ? true : undefined));
      const photo = await upload(stopIds[0]!, TINY_JPEG, 'photo');
      const signature = await upload(stopIds[0]!, TINY_PNG, 'signature');
      expect(
        await device.timeout(5000).emitWithAck('stop:delivered', {
          stopId: stopIds[0]!,
          actionId: 'e2e-proof-delivered',
          proof: {
            recipientName: 'Dona Maria',
            photoIds: [photo.photoId],
            signatureId: signature.photoId,
          },
        }),
      ).toEqual({ ok: true });
      expect(
        await device.timeout(5000).emitWithAck('stop:failed', {
          stopId: stopIds[1]!,
          reasonCode: 'not_home',
          note: 'Rang twice, left a card',
        }),
      ).toEqual({ ok: true });

      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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

    it("opens a delivery's proof from the stops done today, with photo and signature", async () => {
      await page.goto(`${env.server.url}/stops`);
      const row = page.locator(`[data-testid="done-stop"][data-stop-id="${stopIds[0]}"]`);
      await row.waitFor();
      await row.getByTestId('proof-button').click();
      const dialog = page.getByTestId('stop-proof');
      await dialog.getByTestId('stop-proof-entry').waitFor();
      expect(await dialog.getByTestId('proof-recipient').innerText()).toBe('Dona Maria');
      const photo = dialog.getByTestId('proof-photo');
      await photo.waitFor();
      // Both images load through the console session.
      await expect
        .poll(() =>
          dialog.evaluate((el) =>
            [...el.querySelectorAll('img')].map((img) => {
              const { complete, naturalWidth } = img as unknown as {
                complete: boolean;
                naturalWidth: number;
              };
              return complete && naturalWidth > 0;
            }),
          ),
        )
        .toEqual([true, true]);
      expect(await dialog.getByTestId('proof-signature').count()).toBe(1);
      expect(await dialog.innerText()).toContain('56 m from the stop');
      await screenshot(page, 'stop-proof-delivered');
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('stop-proof').count()).toBe(0);
    });

    it("shows a failed attempt's reason in words and flags it far from the stop", async () => {
      const row = page.locator(`[data-testid="done-stop"][data-stop-id="${stopIds[1]}"]`);
      expect(await row.innerText()).toContain('Nobody home');
      await row.getByTestId('proof-button').click();
      const dialog = page.getByTestId('stop-proof');
      await dialog.getByTestId('stop-proof-entry').waitFor();
      expect(await dialog.getByTestId('proof-reason').innerText()).toBe('Nobody home');
      expect(await dialog.getByTestId('proof-far').count()).toBe(1);
      expect(await dialog.innerText()).toContain('Rang twice, left a card');
      await screenshot(page, 'stop-proof-failed');
      await page.keyboard.press('Escape');
    });

    it("lists the courier's day in its drawer on the console, each with its proof", async () => {
      await page.goto(`${env.server.url}/`);
      await page.locator(`[data-testid="courier-item"][data-courier-id="${courier.id}"]`).click();
      const drawer = page.getByTestId('courier-drawer');
      const done = drawer.getByTestId('done-stop');
      await done.first().waitFor();
      expect(await done.count()).toBe(2);
      await drawer
        .locator(`[data-testid="done-stop"][data-stop-id="${stopIds[0]}"]`)
        .getByTestId('proof-button')
        .click();
      const dialog = page.getByTestId('stop-proof');
      await dialog.getByTestId('stop-proof-entry').waitFor();
      expect(await dialog.innerText()).toContain('Proof Rider');
      await screenshot(page, 'stop-proof-drawer');
    });
  },
);

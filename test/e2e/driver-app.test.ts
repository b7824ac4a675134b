import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PairingCodeReply, RoutePayload } from '@dispatch/shared';
import { gridNetwork } from '../../server/src/streets/grid';
import { TestServer, eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, WEB_BUILD } from './harness';

const HUB = { lat: -20.4697, lng: -54.6201 };
/** About 250 m north-east of the hub: where the courier is when the connection drops. */
const IN_THE_TUNNEL = { latitude: -20.4677, longitude: -54.6186 };
const unavailable = e2eUnavailable();

/** The page's globals this test reads inside `page.evaluate` (the test itself runs in Node). */
type PageGlobals = {
  navigator: { serviceWorker: { controller: object | null } };
  document: { documentElement: { scrollWidth: number } };
  scrollTo: (x: number, y: number) => void;
};

describe.skipIf(unavailable !== null)(
  `the courier app on a phone${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let server: TestServer;
    let admin: string;
    let browser: Browser;
    let phone: BrowserContext;
    let page: Page;
    let courierId: number;
    let otherId: number;
    /** Stops by order reference. */
    const stopIds: Record<string, number> = {};

    const db = <T extends object>(sql: string, params: unknown[]) =>
      server.app.db.query<T>(sql, params);
    const card = (ref: string) =>
      page.locator(`[data-testid="stop-card"][data-stop-id="${stopIds[ref]}"]`);
    const waitingCount = async () =>
      Number(await page.getByTestId('driver-queue').getAttribute('data-waiting'));
    const stopStatus = async (ref: string) =>
      (await db<{ status: string }>('select status from stops where id = $1', [stopIds[ref]]))[0]!
        .status;

    beforeAll(async () => {
      // Streets around the hub, drawn under the courier's route.
      const streets = gridNetwork({ centerLat: HUB.lat, centerLng: HUB.lng, radiusMeters: 2000 });
      server = await TestServer.start({ WEB_DIR: WEB_BUILD }, { streets });
      admin = await server.login();
      const hub = await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Campo Grande', ...HUB, timezone: 'America/Campo_Grande' },
      });
      courierId = (await server.createCourier(admin, { name: 'Rita Alves', hubId: hub.body.id }))
        .id;
      otherId = (await server.createCourier(admin, { name: 'Ben Costa', hubId: hub.body.id })).id;
      const now = Date.now();
      const stop = (orderRef: string, courier: number, north: number, extra: object = {}) => ({
        orderRef,
        address: `Rua ${orderRef}, ${100 + north}`,
        lat: HUB.lat + north * 0.001,
        lng: HUB.lng + 0.001,
        hubId: hub.body.id,
        courierId: courier,
        windowStart: now - 3600_000,
        windowEnd: now + 3 * 3600_000,
        demand: 2,
        ...extra,
      });
      const created = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: [
            stop('A-100', courierId, 1, {
              customerName: 'Ana Souza',
              customerPhone: '+55 67 99999-0000',
              notes: 'Ring twice; the doorman can sign.',
              requiresCode: true,
            }),
            stop('A-101', courierId, 2, { requiresCode: true }),
            stop('B-200', otherId, 3),
          ],
        },
      });
      expect(created.status).toBe(201);
      ['A-100', 'A-101', 'B-200'].forEach((ref, i) => (stopIds[ref] = created.body.ids[i]!));
      browser = await launchBrowser();
      phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
        permissions: ['geolocation'],
        geolocation: { latitude: HUB.lat, longitude: HUB.lng, accuracy: 8 },
      });
      // Directions open Google Maps in a new tab; answered here, the test needs no internet.
      await phone.route('https://www.google.com/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Maps</title>' }),
      );
      page = await phone.newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('pairs through the link the console shows and lists the route in order', async () => {
      const pairing = await server.request<PairingCodeReply>(
        'POST',
        `/api/v1/couriers/${courierId}/pairing`,
        { cookie: admin },
      );
      expect(pairing.status).toBe(201);
      await page.goto(pairing.body.url);
      await page.waitForURL(`${server.url}/driver`);
      await expect.poll(() => page.getByTestId('driver-name').textContent()).toBe('Rita Alves');
      await expect.poll(() => page.getByTestId('stop-card').count()).toBe(2);
      const refs = await page.locator('[data-testid="stop-card"] h3').allTextContents();
      expect(refs).toEqual(['A-100', 'A-101']);
      const first = card('A-100');
      await expect.poll(() => first.getByText('Ana Souza', { exact: true }).count()).toBe(1);
      expect(await first.getByTestId('requires-code').count()).toBe(1);
      expect(await first.locator('a[href="tel:+55 67 99999-0000"]').count()).toBe(1);
      expect(await first.getByText('2 parcels').count()).toBe(1);
      // The shell and the app's files are kept for opening without network.
      await page.waitForFunction(
        () => (globalThis as unknown as PageGlobals).navigator.serviceWorker.controller !== null,
      );
      expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe(
        '/driver.webmanifest',
      );
      // The console in the same browser is neither served by the courier app's worker nor installable.
      const consolePage = await phone.newPage();
      await consolePage.goto(`${server.url}/login`);
      await consolePage.getByTestId('login-email').waitFor();
      expect(
        await consolePage.evaluate(
          () => (globalThis as unknown as PageGlobals).navigator.serviceWorker.controller,
        ),
      ).toBeNull();
      expect(await consolePage.locator('link[rel="manifest"]').count()).toBe(0);
      await consolePage.close();
      await page.getByRole('button', { name: 'Start shift' }).click();
      await eventually(
        async () => ((await server.storedPings(courierId)).length > 0 ? true : undefined),
        20_000,
        'the first position',
      );
      const scroll = await page.evaluate(
        () => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth,
      );
      expect(scroll).toBeLessThanOrEqual(390);
      // The server's streets, read with the device token, under the route.
      await expect
        .poll(() => page.getByTestId('driver-map').getAttribute('data-streets'))
        .toBe('shown');
      await screenshot(page, 'driver-day');
    });

    it('sets off to a stop with Navigate, which opens the maps app', async () => {
      const [maps] = await Promise.all([
        phone.waitForEvent('page'),
        card('A-100').getByRole('link', { name: 'Navigate' }).click(),
      ]);
      expect(maps.url()).toContain('destination=');
      await maps.close();
      await eventually(
        async () => ((await stopStatus('A-100')) === 'en_route' ? true : undefined),
        20_000,
        'the stop to be on the way',
      );
    });

    it('records positions and a delivery offline and sends each exactly once when back online', async () => {
      const code = (
        await db<{ delivery_code: string }>('select delivery_code from stops where id = $1', [
          stopIds['A-100'],
        ])
      )[0]!.delivery_code;
      const fixture = join(mkdtempSync(join(tmpdir(), 'driver-photo-')), 'doorstep.png');
      const camera = await browser.newPage({ viewport: { width: 2400, height: 1800 } });
      await camera.setContent(
        '<body style="margin:0;background:linear-gradient(135deg,#c33,#36c)"><h1>Parcel</h1></body>',
      );
      await camera.screenshot({ path: fixture });
      await camera.close();

      await phone.setOffline(true);
      await expect
        .poll(() => page.getByTestId('driver-link').getAttribute('data-state'))
        .toBe('offline');
      await phone.setGeolocation({ ...IN_THE_TUNNEL, accuracy: 6 });
      await expect.poll(waitingCount, { timeout: 20_000 }).toBeGreaterThan(0);

      await card('A-100').getByRole('button', { name: 'Delivered', exact: true }).click();
      const form = page.getByTestId('deliver-form');
      await form.getByTestId('delivery-code').fill(code);
      await form.getByTestId('recipient-name').fill('Ana Souza');
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        form.getByTestId('take-photo').click(),
      ]);
      await chooser.setFiles(fixture);
      await expect.poll(() => form.locator('img').count()).toBe(1);
      const pad = (await form.getByTestId('signature-pad').boundingBox())!;
      await page.mouse.move(pad.x + 30, pad.y + 120);
      await page.mouse.down();
      for (const [x, y] of [
        [90, 40],
        [150, 130],
        [220, 50],
        [300, 110],
      ] as const)
        await page.mouse.move(pad.x + x, pad.y + y, { steps: 6 });
      await page.mouse.up();
      await form.getByTestId('delivery-note').fill('Handed over at the door');
      await screenshot(page, 'driver-deliver-form');
      await form.getByTestId('confirm-delivery').click();

      const done = card('A-100');
      await expect.poll(() => done.getAttribute('data-status')).toBe('delivered');
      expect(await done.getByTestId('stop-waiting').count()).toBe(1);
      // A reload without network: the kept shell opens, the outbox is still there.
      await page.reload();
      await expect.poll(() => card('A-100').getAttribute('data-waiting')).toBe('true');
      expect(await waitingCount()).toBeGreaterThanOrEqual(4); // fixes, photo, signature, visit
      await card('A-100').scrollIntoViewIfNeeded();
      await screenshot(page, 'driver-offline-queue');
      expect(await stopStatus('A-100')).toBe('en_route');

      await phone.setOffline(false);
      await expect.poll(waitingCount, { timeout: 30_000 }).toBe(0);
      await expect.poll(() => card('A-100').getAttribute('data-waiting')).toBe('false');
      expect(await stopStatus('A-100')).toBe('delivered');

      const pings = await db<{ rows: number; seqs: number; tunnel: number }>(
        `select count(*)::int as rows, count(distinct seq)::int as seqs,
                count(*) filter (where abs(lat - $2) < 1e-6 and abs(lng - $3) < 1e-6)::int as tunnel
         from pings where courier_id = $1`,
        [courierId, IN_THE_TUNNEL.latitude, IN_THE_TUNNEL.longitude],
      );
      expect(pings[0]!.rows).toBe(pings[0]!.seqs);
      expect(pings[0]!.tunnel).toBeGreaterThanOrEqual(1);
      const events = await db<{ n: number }>(
        `select count(*)::int as n from events where subject_type = 'stop' and subject_id = $1
         and kind = 'stop.delivered'`,
        [stopIds['A-100']],
      );
      expect(events[0]!.n).toBe(1);
      const proofs = await db<{
        recipient_name: string;
        code_verified: boolean;
        photo_ids: number[];
        signature_id: number | null;
      }>(
        'select recipient_name, code_verified, photo_ids, signature_id from stop_proofs where stop_id = $1',
        [stopIds['A-100']],
      );
      expect(proofs).toHaveLength(1);
      expect(proofs[0]).toMatchObject({ recipient_name: 'Ana Souza', code_verified: true });
      expect(proofs[0]!.photo_ids).toHaveLength(1);
      expect(proofs[0]!.signature_id).not.toBeNull();
      const photos = await db<{ kind: string; width: number; height: number }>(
        'select kind, width, height from stop_photos where stop_id = $1 order by kind',
        [stopIds['A-100']],
      );
      expect(photos.map((p) => p.kind)).toEqual(['photo', 'signature']);
      expect(photos[0]).toMatchObject({ width: 1600, height: 1200 });
    });

    it('tells the courier when a dispatcher moves a stop onto the route', async () => {
      const [mine, theirs] = await Promise.all(
        [courierId, otherId].map(async (id) =>
          server.request<RoutePayload>('GET', `/api/v1/couriers/${id}/route`, { cookie: admin }),
        ),
      );
      const moved = await server.request('POST', '/api/v1/stops/reassign', {
        cookie: admin,
        body: {
          stopIds: [stopIds['B-200']],
          toCourierId: courierId,
          routeVersions: {
            [courierId]: mine!.body.version,
            [otherId]: theirs!.body.version,
          },
        },
      });
      expect(moved.status).toBe(200);
      const notice = page.getByTestId('route-notice');
      await expect.poll(() => notice.textContent()).toContain('Stop B-200 was added to your route');
      await expect.poll(() => card('B-200').count()).toBe(1);
      await screenshot(page, 'driver-added-stop');
    });

    it('shows plainly when the server refuses a delivery with the wrong code', async () => {
      await card('A-101').getByRole('button', { name: 'Delivered', exact: true }).click();
      const form = page.getByTestId('deliver-form');
      await form.getByTestId('delivery-code').fill('no-such');
      await form.getByTestId('confirm-delivery').click();
      const refusal = card('A-101').getByTestId('stop-refusal');
      await expect
        .poll(() => refusal.textContent(), { timeout: 20_000 })
        .toContain('the delivery code does not match');
      expect(await card('A-101').getAttribute('data-status')).toBe('assigned');
      expect(await stopStatus('A-101')).toBe('assigned');
      await card('A-101').scrollIntoViewIfNeeded();
      await screenshot(page, 'driver-refused');
    });

    it('brings a refused parcel back to the hub and hands it in there', async () => {
      await card('B-200').getByRole('button', { name: 'Not delivered', exact: true }).click();
      const form = page.getByTestId('fail-form');
      await form.locator('input[name="reason"][value="refused"]').check();
      await form.getByTestId('confirm-failure').click();
      const back = page.locator(`[data-testid="return-card"][data-stop-id="${stopIds['B-200']}"]`);
      await expect
        .poll(() => back.locator('h3').textContent(), { timeout: 20_000 })
        .toBe('Back to hub: Campo Grande');
      expect(await back.getByTestId('return-parcel').textContent()).toBe('B-200');
      expect(await back.getByRole('button', { name: 'Delivered', exact: true }).count()).toBe(0);
      expect(await back.getByRole('link', { name: 'Navigate' }).count()).toBe(1);
      await back.scrollIntoViewIfNeeded();
      await screenshot(page, 'driver-back-to-hub');

      await back.getByRole('button', { name: 'Handed in at the hub' }).click();
      await expect
        .poll(() => card('B-200').getAttribute('data-status'), { timeout: 20_000 })
        .toBe('returned');
      await eventually(
        async () => ((await stopStatus('B-200')) === 'returned' ? true : undefined),
        20_000,
        'the parcel to be checked in',
      );
      expect(await back.count()).toBe(0);
      const checkIns = await db<{ n: number }>(
        `select count(*)::int as n from events where subject_type = 'stop' and subject_id = $1
         and kind = 'stop.returned'`,
        [stopIds['B-200']],
      );
      expect(checkIns[0]!.n).toBe(1);
    });

    it('speaks Portuguese when the courier chooses it', async () => {
      await page.getByTestId('driver-language').selectOption('pt-BR');
      await expect
        .poll(() => card('A-101').getByRole('button', { name: 'Entregue', exact: true }).count())
        .toBe(1);
      await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
      await screenshot(page, 'driver-pt-br');
    });

    it('signs the phone out with a clear message when its token is revoked', async () => {
      const revoked = await server.request('DELETE', `/api/v1/couriers/${courierId}/token`, {
        cookie: admin,
      });
      expect(revoked.status).toBe(204);
      await expect.poll(() => page.getByTestId('signed-out').count(), { timeout: 20_000 }).toBe(1);
      expect(await page.getByTestId('pairing-help').count()).toBe(1);
    });
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Hub } from '@dispatch/shared';
import { eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

const unavailable = e2eUnavailable();
const MIN = 60_000;
const CENTER = { lat: -20.4697, lng: -54.6201 };
/** 24-hour `HH:mm` of an instant in a zone, as an en-GB console writes it. */
const hhmm = (epochMs: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(epochMs);

type Route = { version: number; stops: { id: number; windowStart: number; windowEnd: number }[] };

describe.skipIf(unavailable !== null)(
  `plans previewed and times in the hub's zone, in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;
    let hub: Hub;
    const contexts: BrowserContext[] = [];
    /** A stop of the courier the first test raised an alert about. */
    let alertStop: Route['stops'][number] | undefined;

    /** The alert's line for a stop, once its problem is opened (stops on time shown too). */
    async function alertOrder(page: Page, stopId: number) {
      const toggle = page.getByTestId('problem-toggle').first();
      await toggle.waitFor({ timeout: 20_000 });
      await toggle.click();
      const calm = page.getByTestId('problem-calm');
      if ((await calm.count()) > 0) await calm.first().click();
      const order = page.locator(`[data-testid="problem-order"][data-stop-ids~="${stopId}"]`);
      await order.waitFor({ timeout: 10_000 });
      return order;
    }

    beforeAll(async () => {
      env = await startConsoleServer({ simulate: false, couriers: 4, stops: 24 });
      browser = await launchBrowser();
      admin = await env.server.login();
      const hubs = await env.server.request<{ hubs: Hub[] }>('GET', '/api/v1/hubs', {
        cookie: admin,
      });
      const [first] = hubs.body.hubs;
      // The hub is in Tokyo; the browser below is in Campo Grande.
      const patched = await env.server.request<Hub>('PATCH', `/api/v1/hubs/${first!.id}`, {
        cookie: admin,
        body: { timezone: 'Asia/Tokyo' },
      });
      expect(patched.status).toBe(200);
      hub = patched.body;
      // Whole-day shifts, so that every courier can take work whatever the hub's hour.
      const couriers = await env.server.request<{ couriers: { id: number }[] }>(
        'GET',
        '/api/v1/couriers',
        { cookie: admin },
      );
      for (const c of couriers.body.couriers) {
        await env.server.request('PATCH', `/api/v1/couriers/${c.id}`, {
          cookie: admin,
          body: { shiftStartMinute: 0, shiftEndMinute: 1440 },
        });
      }
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await env?.stop();
    });

    async function signIn(
      as: { email: string; password: string },
      options: { locale?: string } = {},
    ): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width: 1600, height: 1000 },
        timezoneId: 'America/Campo_Grande',
        locale: options.locale ?? 'en-GB',
      });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(as.email);
      await page.getByTestId('login-password').fill(as.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      return page;
    }

    const unassigned = async () =>
      (
        await env.server.app.db.query<{ n: number }>(
          "select count(*)::int as n from stops where hub_id = $1 and status = 'unassigned'",
          [hub.id],
        )
      )[0]!.n;
    const versions = async () =>
      (
        await env.server.app.db.query<{ id: number; route_version: number }>(
          'select id, route_version from couriers where hub_id = $1 order by id',
          [hub.id],
        )
      ).map((r) => `${r.id}:${r.route_version}`);

    async function importUnassigned(count: number): Promise<void> {
      const now = Date.now();
      const res = await env.server.request('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: Array.from({ length: count }, (_, k) => ({
            orderRef: `E2E-PLAN-${now}-${k}`,
            kind: 'delivery',
            address: `Rua ${k}`,
            lat: CENTER.lat + 0.004 * (k - count / 2),
            lng: CENTER.lng + 0.003 * k,
            windowStart: now - 10 * MIN,
            windowEnd: now + 300 * MIN,
            serviceSeconds: 120,
            hubId: hub.id,
          })),
        },
      });
      expect(res.status).toBe(201);
    }

    it('shows the header clock and stop and alert times in the hub’s zone, not the browser’s', async () => {
      const page = await signIn(env.credentials.dispatcher);
      const clock = page.getByTestId('hub-clock');
      await expect
        .poll(() => clock.getAttribute('data-zone'), { timeout: 20_000 })
        .toBe('Asia/Tokyo');
      const shown = (await clock.textContent())!;
      const now = Date.now();
      const tokyoTimes = [
        hhmm(now - MIN, 'Asia/Tokyo'),
        hhmm(now, 'Asia/Tokyo'),
        hhmm(now + MIN, 'Asia/Tokyo'),
      ];
      expect(tokyoTimes.some((t) => shown.includes(t))).toBe(true);
      expect(shown).toContain('GMT+9');

      // A courier's route: its windows in Tokyo time.
      const list = await env.server.request<{ couriers: { id: number }[] }>(
        'GET',
        '/api/v1/couriers',
        { cookie: admin },
      );
      let withStops: { id: number; route: Route } | undefined;
      for (const c of list.body.couriers) {
        const r = await env.server.request<Route>('GET', `/api/v1/couriers/${c.id}/route`, {
          cookie: admin,
        });
        if (r.body.stops.length > 0) withStops = { id: c.id, route: r.body };
      }
      expect(withStops).toBeDefined();
      await page
        .locator(`[data-testid="courier-item"][data-courier-id="${withStops!.id}"]`)
        .click();
      const first = page.getByTestId('timeline-stop').first();
      await first.waitFor();
      const stop = withStops!.route.stops[0]!;
      const window = `${hhmm(stop.windowStart, 'Asia/Tokyo')}–${hhmm(stop.windowEnd, 'Asia/Tokyo')}`;
      await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain(window);
      expect(await first.textContent()).not.toContain(hhmm(stop.windowEnd, 'America/Campo_Grande'));

      // An alert about that courier: its stops' times, in Tokyo time.
      const raised = await env.server.request('POST', '/api/v1/test/alerts', {
        cookie: admin,
        body: { kind: 'offline', severity: 'critical', courierId: withStops!.id, hubId: hub.id },
      });
      expect(raised.status).toBe(201);
      const order = await alertOrder(page, stop.id);
      expect(await order.textContent()).toContain(
        `window ends ${hhmm(stop.windowEnd, 'Asia/Tokyo')}`,
      );
      expect(await order.textContent()).not.toContain(hhmm(stop.windowEnd, 'America/Campo_Grande'));
      alertStop = stop;
      await screenshot(page, 'plan-time-tokyo-hub');
    });

    it('writes times the 12-hour way in a 12-hour locale, the same on every panel', async () => {
      const page = await signIn(env.credentials.dispatcher, { locale: 'en-US' });
      const clock = page.getByTestId('hub-clock');
      await expect
        .poll(() => clock.getAttribute('data-zone'), { timeout: 20_000 })
        .toBe('Asia/Tokyo');
      expect(await clock.textContent()).toMatch(/\d{1,2}:\d{2}\s?[AP]M/);
      const order = await alertOrder(page, alertStop!.id);
      const end = new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Tokyo',
        hour: 'numeric',
        minute: '2-digit',
        hourCycle: 'h12',
      }).format(alertStop!.windowEnd);
      const text = (await order.textContent())!.replace(/[\u202f\u00a0]/g, ' ');
      expect(text).toContain(`window ends ${end.replace(/[\u202f\u00a0]/g, ' ')}`);
      await screenshot(page, 'plan-time-12-hour');
    });

    it('previews a plan with its numbers; Discard changes nothing, Accept applies it', async () => {
      const page = await signIn(env.credentials.dispatcher);
      const button = page.getByTestId('plan-button').first();
      await button.waitFor();
      // Nothing to plan yet: the button is there, disabled, saying why.
      if ((await unassigned()) === 0) {
        expect(await button.getAttribute('aria-disabled')).toBe('true');
        await expect
          .poll(() => button.getAttribute('title'), { timeout: 20_000 })
          .toMatch(/^Nothing to plan/);
      }
      // Two couriers who can take work (the demo's have gone silent: no simulated fleet here).
      for (const name of ['Kenji', 'Aiko'])
        await env.server.createCourier(admin, { name, vehicle: 'car', hubId: hub.id });
      await importUnassigned(4);
      const waiting = await unassigned();
      await expect
        .poll(() => button.textContent(), { timeout: 20_000 })
        .toContain(`Plan ${waiting} unassigned`);
      const before = await versions();

      await button.click();
      const dialog = page.getByTestId('plan-dialog');
      const figures = dialog.getByTestId('plan-figures');
      await figures.waitFor({ timeout: 30_000 });
      expect(await figures.textContent()).toContain(`${waiting} of ${waiting} unassigned`);
      expect(await figures.textContent()).toMatch(
        /Distance \(straight line\)\s*[\d.]+ km → [\d.]+ km/,
      );
      expect(await figures.textContent()).toMatch(/Late stops on these routes\s*\d+ → \d+/);
      expect(await dialog.getByTestId('plan-courier').count()).toBeGreaterThan(0);
      await screenshot(page, 'plan-preview-dialog');

      await dialog.getByTestId('plan-discard').click();
      await dialog.waitFor({ state: 'detached' });
      expect(await unassigned()).toBe(waiting);
      expect(await versions()).toEqual(before);

      await button.click();
      await figures.waitFor({ timeout: 30_000 });
      await dialog.getByTestId('plan-accept').click();
      await dialog.waitFor({ state: 'detached', timeout: 30_000 });
      const result = page.getByTestId('plan-result');
      await result.waitFor();
      expect(await result.textContent()).toMatch(/Planned \d+ stops? onto \d+ couriers?/);
      await eventually(
        async () => ((await unassigned()) < waiting ? true : undefined),
        10_000,
        'stops planned',
      );
      expect(await versions()).not.toEqual(before);
      await screenshot(page, 'plan-accepted');
    });

    it('changes a hub’s auto-dispatch and on-time target from the settings page, and they persist', async () => {
      const page = await signIn(env.credentials.supervisor);
      await page.getByTestId('nav-settings').click();
      await page.waitForURL(`${env.server.url}/settings`);
      const row = page.locator(`[data-testid="hub-row"][data-hub-id="${hub.id}"]`);
      await row.waitFor();
      const auto = row.getByTestId('hub-auto-dispatch');
      const wasOn = await auto.isChecked();
      await auto.setChecked(!wasOn);
      await row.getByTestId('hub-target').fill('87.5');
      await row.getByTestId('hub-save').click();
      await expect.poll(() => row.getByTestId('hub-save-status').textContent()).toBe('Saved');
      await screenshot(page, 'settings-saved');

      await page.reload();
      await row.waitFor();
      expect(await row.getByTestId('hub-auto-dispatch').isChecked()).toBe(!wasOn);
      expect(await row.getByTestId('hub-target').inputValue()).toBe('87.5');
      const stored = await env.server.request<{ hubs: Hub[] }>('GET', '/api/v1/hubs', {
        cookie: admin,
      });
      expect(stored.body.hubs.find((h) => h.id === hub.id)).toMatchObject({
        autoDispatch: !wasOn,
        onTimeTarget: 0.875,
        timezone: 'Asia/Tokyo',
      });
    });

    it('shows dispatchers the policies without letting them change them', async () => {
      const page = await signIn(env.credentials.dispatcher);
      await page.goto(`${env.server.url}/settings`);
      await page.getByTestId('settings-read-only').waitFor();
      const row = page.locator(`[data-testid="hub-row"][data-hub-id="${hub.id}"]`);
      expect(await row.getByTestId('hub-target').isDisabled()).toBe(true);
      expect(await row.getByTestId('hub-save').count()).toBe(0);
      await screenshot(page, 'settings-read-only');
    });
  },
);

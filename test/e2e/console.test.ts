import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SuggestionView } from '@dispatch/shared';
import { eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type Positions = Record<number, { lat: number; lng: number; t: number }>;
type Route = {
  version: number;
  stops: { id: number; orderRef: string; lat: number; lng: number }[];
};

const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `the console in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;

    beforeAll(async () => {
      env = await startConsoleServer();
      browser = await launchBrowser();
      admin = await env.server.login();
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    async function signIn(as: { email: string; password: string }): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(as.email);
      await page.getByTestId('login-password').fill(as.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page
        .getByTestId('connection-indicator')
        .and(page.locator('[data-status="live"]'))
        .waitFor();
      return page;
    }

    /** A suggestion sits under its problem (shown once the problem is open) or apart. */
    async function revealSuggestion(page: Page, id: number) {
      const item = page.locator(`[data-testid="suggestion-item"][data-suggestion-id="${id}"]`);
      const holder = page.locator(`[data-testid="problem-item"][data-suggestion-ids~="${id}"]`);
      await item.or(holder).first().waitFor();
      if ((await item.count()) === 0) await holder.getByTestId('problem-toggle').click();
      // Only the best fix shows at first; the others wait behind "more options".
      const more = holder.locator('[data-testid="suggestion-more"][aria-expanded="false"]');
      await item.or(more).first().waitFor();
      if ((await item.count()) === 0) await more.click();
      await item.waitFor();
      return item;
    }

    const positions = (page: Page) =>
      page.evaluate(
        () =>
          (globalThis as unknown as { __console?: { positions: Positions } }).__console
            ?.positions ?? {},
      );
    const route = async (courierId: number) =>
      (
        await env.server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, {
          cookie: admin,
        })
      ).body;
    const couriersWithStops = async () => {
      const list = await env.server.request<{ couriers: { id: number }[] }>(
        'GET',
        '/api/v1/couriers',
        { cookie: admin },
      );
      const routes = await Promise.all(
        list.body.couriers.map(async (c) => ({ id: c.id, route: await route(c.id) })),
      );
      return routes.filter((r) => r.route.stops.length >= 2);
    };

    it('signs a dispatcher in and shows the simulated couriers moving on the map', async () => {
      const page = await signIn(env.credentials.dispatcher);
      await page.getByTestId('courier-item').first().waitFor();
      const first = await eventually(
        async () => {
          const p = await positions(page);
          return Object.keys(p).length >= 4 ? p : undefined;
        },
        20_000,
        'couriers on the map',
      );
      const moved = await eventually(
        async () => {
          const now = await positions(page);
          const ids = Object.keys(first)
            .map(Number)
            .filter(
              (id) =>
                now[id] &&
                now[id]!.t > first[id]!.t &&
                (now[id]!.lat !== first[id]!.lat || now[id]!.lng !== first[id]!.lng),
            );
          return ids.length >= 2 ? ids : undefined;
        },
        20_000,
        'couriers to move',
      );
      expect(moved.length).toBeGreaterThanOrEqual(2);
      await screenshot(page, 'console-live');
      await page.close();
    });

    it('selects a courier and shows its route and timeline', async () => {
      const page = await signIn(env.credentials.dispatcher);
      const [withStops] = await couriersWithStops();
      await page
        .locator(`[data-testid="courier-item"][data-courier-id="${withStops!.id}"]`)
        .click();
      await page.getByTestId('courier-drawer').waitFor();
      await page.getByTestId('timeline-stop').first().waitFor();
      const shown = await page.getByTestId('timeline-stop').count();
      expect(shown).toBe(withStops!.route.stops.length);
      await screenshot(page, 'courier-route');
      await page.close();
    });

    it('acknowledges an alert from the problems panel', async () => {
      const page = await signIn(env.credentials.dispatcher);
      const [target] = await couriersWithStops();
      const raised = await env.server.request<{ alert: { id: number } }>(
        'POST',
        '/api/v1/test/alerts',
        {
          cookie: admin,
          body: {
            kind: 'stalled',
            severity: 'critical',
            courierId: target!.id,
            details: { minutes: 9 },
          },
        },
      );
      const item = page.locator(
        `[data-testid="problem-item"][data-alert-ids~="${raised.body.alert.id}"]`,
      );
      await item.waitFor();
      await screenshot(page, 'alert-feed');
      await item.getByTestId('problem-ack').click();
      await item.getByTestId('problem-acknowledged').waitFor();
      const listed = await env.server.request<{
        alerts: { id: number; acknowledgedAt: number | null }[];
      }>('GET', '/api/v1/alerts?status=open', { cookie: admin });
      expect(
        listed.body.alerts.find((a) => a.id === raised.body.alert.id)?.acknowledgedAt,
      ).toBeGreaterThan(0);
      await page.close();
    });

    it('accepts an injected suggestion and the route changes; a stale one answers conflict', async () => {
      const page = await signIn(env.credentials.dispatcher);
      const [from, to] = await couriersWithStops();
      const moving = from!.route.stops.at(-1)!;
      const inject = async (explanation: string) =>
        (
          await env.server.request<{ suggestion: SuggestionView }>(
            'POST',
            '/api/v1/test/suggestions',
            {
              cookie: admin,
              body: { stopIds: [moving.id], toCourierId: to!.id, explanation },
            },
          )
        ).body.suggestion;
      const good = await inject(`Move #${moving.orderRef} to courier ${to!.id}`);
      const item = await revealSuggestion(page, good.id);
      await item.getByTestId('suggestion-accept').click();
      await page
        .getByTestId('suggestion-notice')
        .and(page.locator(`[data-result="applied"][data-suggestion-id="${good.id}"]`))
        .waitFor();
      expect((await route(to!.id)).stops.map((s) => s.id)).toContain(moving.id);
      await screenshot(page, 'suggestion-applied');

      // A suggestion made against a route that then changes underneath it: a new order lands
      // on it. (A move by hand would withdraw the suggestion at once instead.)
      const back = await env.server.request<{ suggestion: SuggestionView }>(
        'POST',
        '/api/v1/test/suggestions',
        {
          cookie: admin,
          body: {
            stopIds: [moving.id],
            toCourierId: from!.id,
            explanation: `Move #${moving.orderRef} back`,
          },
        },
      );
      const hubs = await env.server.request<{ hubs: { id: number }[] }>('GET', '/api/v1/hubs', {
        cookie: admin,
      });
      const now = Date.now();
      const landed = await env.server.request('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: [
            {
              orderRef: 'E2E-LANDS',
              address: 'Rua Nova, 1',
              lat: moving.lat,
              lng: moving.lng,
              windowStart: now,
              windowEnd: now + 4 * 3600_000,
              hubId: hubs.body.hubs[0]!.id,
              courierId: from!.id,
            },
          ],
        },
      });
      expect(landed.status).toBe(201);
      const stale = await revealSuggestion(page, back.body.suggestion.id);
      await stale.getByTestId('suggestion-accept').click();
      await page
        .getByTestId('suggestion-notice')
        .and(page.locator('[data-result="conflict"]'))
        .waitFor();
      await screenshot(page, 'suggestion-conflict');
      await page.close();
    });

    it('plans newly imported unassigned stops from the header and says what it did', async () => {
      const page = await signIn(env.credentials.dispatcher);
      const hubs = await env.server.request<{ hubs: { id: number; lat: number; lng: number }[] }>(
        'GET',
        '/api/v1/hubs',
        { cookie: admin },
      );
      const hub = hubs.body.hubs[0]!;
      const now = Date.now();
      const imported = await env.server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: [0, 1, 2].map((k) => ({
            orderRef: `E2E-PLAN-${k}`,
            address: `Rua E2E, ${k + 1}`,
            lat: hub.lat + 0.004 * (k + 1),
            lng: hub.lng + 0.003 * k,
            windowStart: now,
            windowEnd: now + 4 * 3_600_000,
            hubId: hub.id,
          })),
        },
      });
      expect(imported.status).toBe(201);
      const button = page.getByTestId('plan').getByRole('button', { name: 'Plan 3 unassigned' });
      await button.waitFor();
      await button.click();
      // The plan is shown as a proposal first; accepting it applies it.
      await page.getByTestId('plan-figures').waitFor();
      await page.getByTestId('plan-accept').click();
      const result = page.getByTestId('plan-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('Planned 3 stops onto');
      await screenshot(page, 'plan-result');
      await button.waitFor({ state: 'detached' });
      const stops = await env.server.request<{ stops: { id: number; status: string }[] }>(
        'GET',
        '/api/v1/stops?status=unassigned',
        { cookie: admin },
      );
      const ids = new Set(imported.body.ids);
      expect(stops.body.stops.filter((s) => ids.has(s.id))).toEqual([]);
      await page.close();
    });

    it('keeps supervisors’ data from dispatchers and shows it to supervisors', async () => {
      const dispatcher = await signIn(env.credentials.dispatcher);
      expect(await dispatcher.locator('a[href="/sla"]').count()).toBe(0);
      await dispatcher.goto(`${env.server.url}/sla`);
      await dispatcher.getByTestId('supervisors-only').waitFor();
      await dispatcher.close();
      const supervisor = await signIn(env.credentials.supervisor);
      await supervisor.goto(`${env.server.url}/sla`);
      await supervisor.getByTestId('day-on-time').waitFor();
      await supervisor.getByTestId('hub-sla-table').waitFor();
      await screenshot(supervisor, 'sla');
      await supervisor.close();
    });

    it('reconnects after the server restarts and gets a fresh snapshot', async () => {
      const page = await signIn(env.credentials.dispatcher);
      const indicator = page.getByTestId('connection-indicator');
      await env.server.restart({ samePorts: true });
      await indicator.and(page.locator('[data-status="live"]')).waitFor({ timeout: 30_000 });
      const after = await eventually(
        async () => {
          const p = await positions(page);
          return Object.keys(p).length > 0 ? p : undefined;
        },
        20_000,
        'a snapshot after reconnecting',
      );
      expect(Object.keys(after).length).toBeGreaterThan(0);
      await page.close();
    });
  },
);

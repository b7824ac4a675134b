import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AlertView, SuggestionView } from '@dispatch/shared';
import { eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type Route = { version: number; stops: { id: number; orderRef: string }[] };
type AxeResult = { id: string; impact: string | null; nodes: { target: string[] }[] };

const unavailable = e2eUnavailable();
const AXE = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');

describe.skipIf(unavailable !== null)(
  `the problems panel${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;
    let page: Page;
    let courier: { id: number; name: string; route: Route };
    let receiver: { id: number; name: string };
    let bystander: { id: number; name: string };
    let raised: AlertView[];

    const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
      (await env.server.request<T>(method, path, { cookie: admin, body })).body;
    const raise = async (alert: Record<string, unknown>) =>
      (await api<{ alert: AlertView }>('POST', '/api/v1/test/alerts', alert)).alert;
    const openAlerts = async () =>
      (await api<{ alerts: AlertView[] }>('GET', '/api/v1/alerts?status=open&limit=1000')).alerts;
    const problemOf = (id: number) => page.locator(`[data-problem-key="courier:${id}"]`);

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 10, stops: 100 });
      browser = await launchBrowser();
      admin = await env.server.login();
      const { couriers } = await api<{ couriers: { id: number; name: string }[] }>(
        'GET',
        '/api/v1/couriers',
      );
      const routes = await Promise.all(
        couriers.map(async (c) => ({
          ...c,
          route: await api<Route>('GET', `/api/v1/couriers/${c.id}/route`),
        })),
      );
      courier = routes.find((r) => r.route.stops.length >= 3)!;
      receiver = routes.find((r) => r.id !== courier.id && r.route.stops.length >= 1)!;
      bystander = routes.find((r) => r.id !== courier.id && r.id !== receiver.id)!;
      const [a, b] = courier.route.stops;
      // One courier in trouble: stalled, a stop late past its promise, another at risk.
      raised = [
        await raise({
          kind: 'stalled',
          severity: 'critical',
          courierId: courier.id,
          details: { minutes: 12 },
        }),
        await raise({ kind: 'late', severity: 'warning', courierId: courier.id, stopId: a!.id }),
        await raise({
          kind: 'sla_breach',
          severity: 'critical',
          courierId: courier.id,
          stopId: a!.id,
        }),
        await raise({
          kind: 'late_risk',
          severity: 'warning',
          courierId: courier.id,
          stopId: b!.id,
          details: { minutesLate: 9 },
        }),
      ];

      // Others running late, so the panel holds a few problems.
      for (const other of routes.filter((r) => r.id !== courier.id).slice(0, 6)) {
        const stop = other.route.stops[0];
        if (stop)
          await raise({ kind: 'late', severity: 'warning', courierId: other.id, stopId: stop.id });
      }

      page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page.getByTestId('problem-panel').waitFor();
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    it("groups a courier's alerts into one problem, with fewer rows than open alerts", async () => {
      const row = problemOf(courier.id);
      await row.waitFor();
      const ids = ((await row.getAttribute('data-alert-ids')) ?? '').split(' ').map(Number);
      expect(ids).toEqual(expect.arrayContaining(raised.map((a) => a.id)));
      expect(await row.getByTestId('problem-headline').textContent()).toMatch(
        new RegExp(`^${courier.name} stalled 12 min · `),
      );
      const info = page.getByTestId('problem-show-info');
      if ((await info.count()) > 0) await info.check();
      const rows = await page.getByTestId('problem-item').count();
      expect(rows).toBeLessThan((await openAlerts()).length);
      await screenshot(page, 'problems-overview');
    });

    it('speaks Portuguese once chosen in the header, and English again after', async () => {
      const heading = page.locator('#problems-heading');
      const headline = problemOf(courier.id).getByTestId('problem-headline');
      await page.getByTestId('language').selectOption('pt-BR');
      await heading.filter({ hasText: /^\s*Problemas\b/ }).waitFor();
      await headline.filter({ hasText: `${courier.name} sem se mover há 12 min` }).waitFor();
      expect(await page.title()).toMatch(/^\(\d+\) Console de despacho$/);
      await page.getByTestId('language').selectOption('en');
      await heading.filter({ hasText: /^\s*Problems\b/ }).waitFor();
      await headline.filter({ hasText: `${courier.name} stalled 12 min` }).waitFor();
    });

    it('counts critical problems in the tab title and announces a new one', async () => {
      expect(await page.title()).toMatch(/^\(\d+\) Dispatch console$/);
      const other = bystander;
      await raise({ kind: 'offline', severity: 'critical', courierId: other.id, details: {} });
      await page
        .getByTestId('problem-announcer')
        .filter({ hasText: `New critical problem: ${other.name} offline` })
        .waitFor({ state: 'attached' });
    });

    it('expanding a problem shows its stops, the late one with its broken promise', async () => {
      const row = problemOf(courier.id);
      await row.getByTestId('problem-toggle').click();
      const late = row.locator(
        `[data-testid="problem-order"][data-stop-ids~="${courier.route.stops[0]!.id}"]`,
      );
      await late.waitFor();
      expect(await late.textContent()).toContain(courier.route.stops[0]!.orderRef);
      expect(await late.textContent()).toContain('SLA broken');
      const calm = row.getByTestId('problem-calm');
      if ((await calm.count()) > 0) await calm.click();
      const orders = await row.getByTestId('problem-order').count();
      expect(orders).toBeGreaterThanOrEqual(2);
      expect(orders).toBeLessThanOrEqual(courier.route.stops.length);
      if ((await calm.count()) > 0) await calm.click();
    });

    it('shows a suggestion under its problem in plain words', async () => {
      const moving = courier.route.stops[0]!;
      const { suggestion } = await api<{ suggestion: SuggestionView }>(
        'POST',
        '/api/v1/test/suggestions',
        {
          stopIds: [moving.id],
          toCourierId: receiver.id,
          score: 130.8,
          explanation: `Move #${moving.orderRef} to ${receiver.name}`,
          details: {
            alertId: raised[0]!.id,
            effect: {
              latenessRemovedMinutes: 25,
              addedMinutes: 4,
              otherStopsOnTime: 3,
              otherStopsMadeLate: [],
              arrivals: [{ stopId: moving.id, arriveAt: Date.now() + 20 * 60_000 }],
            },
          },
        },
      );
      const item = problemOf(courier.id).locator(
        `[data-testid="suggestion-item"][data-suggestion-id="${suggestion.id}"]`,
      );
      await item.waitFor();
      const text = (await item.getByTestId('suggestion-text').textContent())!;
      expect(text).toMatch(
        new RegExp(
          `^Move ${moving.orderRef} to ${receiver.name}: saves 25 min of lateness, arrives \\d{1,2}:\\d\\d( [AP]M)?, nobody else late`,
        ),
      );
      expect(text).not.toMatch(/score|stop\(s\)|#/);
      await screenshot(page, 'problems-panel');
    });

    it('has no critical, serious or moderate accessibility violations in the panel or on the page', async () => {
      // Evaluated by the browser's tooling: the page's content security policy refuses injected scripts.
      await page.evaluate(readFileSync(AXE, 'utf8'));
      const run = (selector: string | null) =>
        page.evaluate(async (scope) => {
          const axe = (
            globalThis as unknown as {
              axe: { run: (ctx: unknown) => Promise<{ violations: AxeResult[] }> };
            }
          ).axe;
          const result = await axe.run(scope ?? { exclude: [] });
          return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.map((n) => n.target.join(' ')),
          }));
        }, selector);
      const notMinor = (list: { impact: string | null }[]) =>
        list.filter((v) => v.impact !== 'minor' && v.impact !== null);
      const panel = await run('[data-testid="problem-panel"]');
      const whole = await run(null);
      console.info('axe on the whole console page:', JSON.stringify(whole));
      expect(notMinor(panel)).toEqual([]);
      expect(notMinor(whole)).toEqual([]);
    });

    it('acknowledging a problem acknowledges every one of its alerts', async () => {
      const row = problemOf(courier.id);
      await row.getByTestId('problem-ack').click();
      await row.getByTestId('problem-acknowledged').waitFor();
      await eventually(
        async () => {
          const open = await openAlerts();
          const ours = open.filter((a) => raised.some((r) => r.id === a.id));
          return ours.length === raised.length && ours.every((a) => a.acknowledgedAt !== null)
            ? true
            : undefined;
        },
        10_000,
        'all four alerts acknowledged',
      );
    });

    it('accepting the suggestion moves the stop and takes the suggestion off the list', async () => {
      const row = problemOf(courier.id);
      const item = row.getByTestId('suggestion-item').first();
      const id = Number(await item.getAttribute('data-suggestion-id'));
      await item.getByTestId('suggestion-accept').click();
      await page
        .getByTestId('suggestion-notice')
        .and(page.locator(`[data-result="applied"][data-suggestion-id="${id}"]`))
        .waitFor();
      await page.locator(`[data-testid="suggestion-item"][data-suggestion-id="${id}"]`).waitFor({
        state: 'detached',
      });
      const after = await api<Route>('GET', `/api/v1/couriers/${receiver.id}/route`);
      expect(after.stops.map((s) => s.id)).toContain(courier.route.stops[0]!.id);
      await screenshot(page, 'problems-after-accept');
    });
  },
);

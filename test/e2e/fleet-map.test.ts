import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AlertView, Courier, Stop, SuggestionView } from '@dispatch/shared';
import { eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type Positions = Record<number, { lat: number; lng: number; t: number; status: string }>;

const unavailable = e2eUnavailable();
const CENTER = { lat: -20.4697, lng: -54.6201 };
const MIN = 60_000;
const OPEN = ['assigned', 'en_route', 'arrived'];

const mercX = (lng: number) => (180 + lng) / 360;
const mercY = (lat: number) => {
  const r = (lat * Math.PI) / 180;
  return 0.5 - Math.log(Math.tan(Math.PI / 4 + r / 2)) / (2 * Math.PI);
};

/** What the map says it shows: `data-bounds` (west, south, east, north) and its box. */
interface Shown {
  west: number;
  south: number;
  east: number;
  north: number;
  box: { x: number; y: number; width: number; height: number };
}

describe.skipIf(unavailable !== null)(
  `the fleet map and lateness-first courier list${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;
    /** Couriers given stops whose windows ended: 3, 2 and 1 of them, far from the centre. */
    let behind: number[] = [];

    const api = async <T>(method: string, path: string, body?: unknown) =>
      (await env.server.request<T>(method, path, { cookie: admin, body })).body;

    beforeAll(async () => {
      env = await startConsoleServer({ couriers: 16, stops: 120 });
      browser = await launchBrowser();
      admin = await env.server.login();
      const { couriers } = await api<{ couriers: Courier[] }>('GET', '/api/v1/couriers');
      behind = couriers.slice(0, 3).map((c) => c.id);
      const now = Date.now();
      const lateStop = (courierId: number, i: number) => ({
        orderRef: `LATE-${courierId}-${i}`,
        address: `${i} Rua Atrasada`,
        lat: CENTER.lat + 0.02 * Math.cos(courierId + i),
        lng: CENTER.lng + 0.02 * Math.sin(courierId + i),
        windowStart: now - 120 * MIN,
        windowEnd: now - (30 + i * 10) * MIN,
        courierId,
      });
      await api('POST', '/api/v1/stops', {
        stops: behind.flatMap((id, k) => Array.from({ length: 3 - k }, (_, i) => lateStop(id, i))),
      });
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    async function signIn(viewport = { width: 1600, height: 1000 }): Promise<Page> {
      const page = await browser.newPage({ viewport });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page
        .getByTestId('connection-indicator')
        .and(page.locator('[data-status="live"]'))
        .waitFor();
      await page.getByTestId('courier-item').first().waitFor();
      return page;
    }

    const shown = async (page: Page): Promise<Shown> => {
      const map = page.getByTestId('map');
      const bounds = (await map.getAttribute('data-bounds')) ?? '';
      const [west, south, east, north] = bounds.split(',').map(Number);
      const box = (await map.boundingBox())!;
      return { west: west!, south: south!, east: east!, north: north!, box };
    };
    const screenOf = (s: Shown, lat: number, lng: number) => ({
      x: s.box.x + ((mercX(lng) - mercX(s.west)) / (mercX(s.east) - mercX(s.west))) * s.box.width,
      y:
        s.box.y +
        ((mercY(lat) - mercY(s.north)) / (mercY(s.south) - mercY(s.north))) * s.box.height,
    });
    /** Waits until the map's view stops changing (an animation ended). */
    const settled = (page: Page) =>
      eventually(async () => {
        const map = page.getByTestId('map');
        const a = await map.getAttribute('data-bounds');
        await new Promise((r) => setTimeout(r, 300));
        return a === (await map.getAttribute('data-bounds')) ? a : undefined;
      }, 10_000);
    const positions = (page: Page) =>
      page.evaluate(
        () =>
          (globalThis as unknown as { __console?: { positions: Positions } }).__console
            ?.positions ?? {},
      );
    const rows = (page: Page) =>
      page.getByTestId('courier-item').evaluateAll((items) =>
        items.map((el) => ({
          id: Number(el.getAttribute('data-courier-id')),
          state: el.getAttribute('data-state'),
          late: Number(el.getAttribute('data-late')),
          atRisk: Number(el.getAttribute('data-at-risk')),
          worst: Number(el.getAttribute('data-worst-minutes')),
          name: el.querySelector('.name')?.textContent ?? '',
        })),
      );

    /** Late stops per courier from the API: open, and past the window whatever the ETA says. */
    async function lateFromApi(): Promise<Map<number, number>> {
      const query = OPEN.map((s) => `status=${s}`).join('&');
      const { stops } = await api<{ stops: Stop[] }>('GET', `/api/v1/stops?${query}&limit=5000`);
      const { alerts } = await api<{ alerts: AlertView[] }>('GET', '/api/v1/alerts?status=open');
      const lateAlerted = new Set(alerts.filter((a) => a.kind === 'late').map((a) => a.stopId));
      const now = Date.now();
      const late = new Map<number, number>();
      for (const s of stops) {
        if (s.courierId === null) continue;
        if (Math.max(s.eta ?? now, now) > s.windowEnd || lateAlerted.has(s.id)) {
          late.set(s.courierId, (late.get(s.courierId) ?? 0) + 1);
        }
      }
      return late;
    }

    it('lists couriers most behind first, with late counts matching the API', async () => {
      const page = await signIn();
      const listed = await eventually(
        async () => {
          const [dom, api] = [await rows(page), await lateFromApi()];
          return dom.every((r) => r.late === (api.get(r.id) ?? 0)) ? dom : undefined;
        },
        20_000,
        'late counts as the API reports them',
      );
      for (let i = 1; i < listed.length; i++) {
        const [a, b] = [listed[i - 1]!, listed[i]!];
        const order = b.late - a.late || b.atRisk - a.atRisk || b.worst - a.worst || 0;
        expect(order, `${a.name} before ${b.name}`).toBeLessThanOrEqual(0);
      }
      expect(listed[0]!.late).toBeGreaterThanOrEqual(3);
      expect(listed.slice(0, 3).every((r) => r.state === 'late')).toBe(true);
      await screenshot(page, 'fleet-lateness-list-1600');
      await page.close();
    });

    it('a legend count filters the list to couriers in that state, and back', async () => {
      const page = await signIn();
      const late = page.locator('[data-testid="legend-state"][data-state="late"]');
      const count = Number(await late.getByTestId('legend-count').textContent());
      expect(count).toBeGreaterThanOrEqual(3);
      const everyone = await page.getByTestId('courier-item').count();
      await late.click();
      await expect.poll(() => late.getAttribute('aria-pressed')).toBe('true');
      await page.getByTestId('courier-state-filter').waitFor();
      const filtered = await eventually(async () => {
        const r = await rows(page);
        return r.length < everyone ? r : undefined;
      }, 5000);
      expect(filtered.every((r) => r.state === 'late')).toBe(true);
      expect(filtered.length).toBe(Number(await late.getByTestId('legend-count').textContent()));
      await screenshot(page, 'fleet-legend-filter-late');
      await late.click();
      await expect.poll(() => page.getByTestId('courier-item').count()).toBe(everyone);
      await page.close();
    });

    it('hovering a courier on the map shows its name beside it', async () => {
      const page = await signIn();
      const { couriers } = await api<{ couriers: Courier[] }>('GET', '/api/v1/couriers');
      const nameOf = new Map(couriers.map((c) => [c.id, c.name]));
      const tooltip = page.getByTestId('courier-tooltip');
      const hovered = await eventually(
        async () => {
          const s = await shown(page);
          const inView = Object.entries(await positions(page)).filter(
            ([, p]) => p.lat > s.south && p.lat < s.north && p.lng > s.west && p.lng < s.east,
          );
          // Couriers standing still are the easiest to point at.
          inView.sort(
            ([, a], [, b]) => Number(b.status === 'at_stop') - Number(a.status === 'at_stop'),
          );
          const [id, p] = inView[0] ?? [];
          if (!id || !p) return undefined;
          const at = screenOf(s, p.lat, p.lng);
          await page.mouse.move(at.x, at.y);
          if (!(await tooltip.isVisible())) return undefined;
          return Number(await tooltip.getAttribute('data-courier-id'));
        },
        20_000,
        'a tooltip under the pointer',
      );
      await expect.poll(() => tooltip.textContent()).toContain(nameOf.get(hovered)!);
      await screenshot(page, 'fleet-hover-tooltip');
      await page.mouse.move(5, 5);
      await expect.poll(() => tooltip.count()).toBe(0);
      await page.close();
    });

    it('selecting a courier frames its position and open stops', async () => {
      const page = await signIn();
      const courierId = behind[0]!;
      const before = await page.getByTestId('map').getAttribute('data-bounds');
      await page.locator(`[data-testid="courier-item"][data-courier-id="${courierId}"]`).click();
      await page.getByTestId('courier-drawer').waitFor();
      const query = OPEN.map((s) => `status=${s}`).join('&');
      const { stops } = await api<{ stops: Stop[] }>(
        'GET',
        `/api/v1/stops?courierId=${courierId}&${query}`,
      );
      expect(stops.length).toBeGreaterThanOrEqual(3);
      const framed = await eventually(
        async () => {
          const bounds = await page.getByTestId('map').getAttribute('data-bounds');
          if (bounds === before) return undefined;
          const s = await shown(page);
          const inside = stops.every(
            (p) => p.lat >= s.south && p.lat <= s.north && p.lng >= s.west && p.lng <= s.east,
          );
          return inside ? s : undefined;
        },
        10_000,
        'the map framing the courier',
      );
      // Every stop is clear of the legend, not only inside the map.
      const legend = (await page.getByTestId('map-legend').boundingBox())!;
      for (const stop of stops) {
        const at = screenOf(framed, stop.lat, stop.lng);
        const underLegend =
          at.x >= legend.x &&
          at.x <= legend.x + legend.width &&
          at.y >= legend.y &&
          at.y <= legend.y + legend.height;
        expect(underLegend, `stop ${stop.id} under the legend`).toBe(false);
      }
      await screenshot(page, 'fleet-courier-framed');
      await page.close();
    });

    it(
      'a selected suggestion previews both routes (screenshots at two sizes)',
      { timeout: 300_000 },
      async () => {
        const [from, to] = behind;
        const route = await api<{ stops: { id: number }[] }>(
          'GET',
          `/api/v1/couriers/${from}/route`,
        );
        const suggestion = (
          await api<{ suggestion: SuggestionView }>('POST', '/api/v1/test/suggestions', {
            stopIds: [route.stops.at(-1)!.id],
            toCourierId: to,
            insertPosition: 1,
            explanation: 'Preview this move',
          })
        ).suggestion;
        for (const viewport of [
          { width: 1600, height: 1000 },
          { width: 1280, height: 720 },
        ]) {
          const page = await signIn(viewport);
          await page.getByTestId('hex-toggle').check();
          await page.getByTestId('hex-legend').waitFor();
          await screenshot(page, `fleet-hexes-${viewport.width}`);
          await page.getByTestId('hex-toggle').uncheck();
          // The suggestion sits under its problem; opening the problem shows it.
          const before = await page.getByTestId('map').getAttribute('data-bounds');
          const problem = page.locator(
            `[data-testid="problem-item"][data-suggestion-ids~="${suggestion.id}"]`,
          );
          const toggle = problem.getByTestId('problem-toggle');
          await toggle.click();
          if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
          await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
          const item = page.locator(
            `[data-testid="suggestion-item"][data-suggestion-id="${suggestion.id}"]`,
          );
          const text = item.getByTestId('suggestion-text');
          // Only the best fix shows until the others are asked for.
          const more = problem.getByTestId('suggestion-more');
          if (!(await item.isVisible()) && (await more.isVisible())) await more.click();
          await text.waitFor();
          if ((await text.getAttribute('aria-pressed')) !== 'true') await text.click();
          await expect.poll(() => text.getAttribute('aria-pressed')).toBe('true');
          const moved = await api<{ stops: Stop[] }>('GET', `/api/v1/stops?courierId=${from}`);
          const stop = moved.stops.find((s) => s.id === route.stops.at(-1)!.id)!;
          // The preview frames the moved stop, clear of the panels.
          await eventually(
            async () => {
              const bounds = await page.getByTestId('map').getAttribute('data-bounds');
              if (bounds === before) return undefined;
              const s = await shown(page);
              const inside =
                stop.lat > s.south && stop.lat < s.north && stop.lng > s.west && stop.lng < s.east;
              return inside ? s : undefined;
            },
            10_000,
            'the preview in view',
          );
          await settled(page);
          await screenshot(page, `fleet-suggestion-preview-${viewport.width}`);
          // Street zoom: names beside the couriers, none under the legend.
          // Zoom in on a courier standing still near the map's middle: one near an edge or
          // under the legend has no room for its name, and a moving one can leave the view.
          const s = await shown(page);
          const middle = { x: s.box.x + s.box.width / 2, y: s.box.y + s.box.height / 2 };
          const candidates = Object.values(await positions(page))
            .filter((c) => c.lat > s.south && c.lat < s.north && c.lng > s.west && c.lng < s.east)
            .map((c) => {
              const at = screenOf(s, c.lat, c.lng);
              const away = Math.hypot(at.x - middle.x, at.y - middle.y);
              return { at, rank: away + (c.status === 'at_stop' ? 0 : s.box.width / 4) };
            })
            .sort((a, b) => a.rank - b.rank);
          expect(candidates.length, 'a courier in view').toBeGreaterThan(0);
          const { at } = candidates[0]!;
          await page.mouse.move(at.x, at.y);
          await eventually(async () => {
            if (Number(await page.getByTestId('map').getAttribute('data-zoom')) >= 15.5)
              return true;
            await page.mouse.wheel(0, -250);
            await settled(page);
            return undefined;
          }, 30_000);
          await page.mouse.move(5, 5);
          await expect
            .poll(() => page.getByTestId('courier-label').count(), { timeout: 10_000 })
            .toBeGreaterThan(0);
          await screenshot(page, `fleet-street-zoom-${viewport.width}`);
          const legend = (await page.getByTestId('map-legend').boundingBox())!;
          // Read every label's box in one go: labels follow gliding markers frame by frame.
          const boxes = await page.getByTestId('courier-label').evaluateAll((labels) =>
            labels.map((l) => {
              const r = l.getBoundingClientRect();
              return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
            }),
          );
          for (const b of boxes) {
            const clear =
              b.left >= legend.x + legend.width ||
              b.right <= legend.x ||
              b.top >= legend.y + legend.height ||
              b.bottom <= legend.y;
            expect(clear, 'a courier label over the legend').toBe(true);
          }
          await page.close();
        }
      },
    );
  },
);

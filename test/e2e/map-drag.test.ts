import { copyFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Stop } from '@dispatch/shared';
import { eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type Route = { version: number; stops: { id: number; orderRef: string | null }[] };
type Positions = Record<number, { lat: number; lng: number; t: number; status: string }>;
type Box = { x: number; y: number; width: number; height: number };

const unavailable = e2eUnavailable();
/** Where the screenshots of this file are looked at besides test-results. */
const SHOTS = '/tmp/shots-map';

const mercX = (lng: number) => (180 + lng) / 360;
const mercY = (lat: number) => {
  const r = (lat * Math.PI) / 180;
  return 0.5 - Math.log(Math.tan(Math.PI / 4 + r / 2)) / (2 * Math.PI);
};
const inside = (p: { x: number; y: number }, b: Box, margin = 0) =>
  p.x >= b.x - margin &&
  p.x <= b.x + b.width + margin &&
  p.y >= b.y - margin &&
  p.y <= b.y + b.height + margin;

describe.skipIf(unavailable !== null)(
  `dragging a stop onto a courier on the map${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;

    beforeAll(async () => {
      env = await startConsoleServer();
      browser = await launchBrowser();
      admin = await env.server.login();
      mkdirSync(SHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    const get = async <T>(path: string) =>
      (await env.server.request<T>('GET', path, { cookie: admin })).body;
    const route = (courierId: number) => get<Route>(`/api/v1/couriers/${courierId}/route`);
    const onRoute = async (courierId: number, stopId: number) =>
      (await route(courierId)).stops.some((s) => s.id === stopId);

    async function shoot(page: Page, name: string) {
      copyFileSync(await screenshot(page, name), `${SHOTS}/${name}.png`);
    }

    async function signIn(viewport: { width: number; height: number }): Promise<Page> {
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

    /** Couriers with two or more planned deliveries of their own, and those deliveries. */
    async function couriersWithStops(): Promise<{ from: number; own: Stop[] }[]> {
      const { stops } = await get<{ stops: Stop[] }>('/api/v1/stops?status=assigned&limit=5000');
      const byCourier = new Map<number, Stop[]>();
      for (const s of stops) {
        if (s.courierId === null || s.kind !== 'delivery') continue;
        byCourier.set(s.courierId, [...(byCourier.get(s.courierId) ?? []), s]);
      }
      return [...byCourier.entries()]
        .filter(([, list]) => list.length >= 2)
        .map(([from, own]) => ({ from, own }));
    }

    /**
     * Selects a courier with planned deliveries and picks a stop whose label lies wholly on the
     * map, clear of the legend (a label at the map's edge may sit under a panel). Tries the next
     * courier when none of one courier's labels does (a route framed with a far-off courier).
     */
    async function aLabelInView(page: Page): Promise<{ stop: Stop; from: number; box: Box }> {
      const tried: number[] = [];
      for (const { from, own } of (await couriersWithStops()).slice(0, 5)) {
        tried.push(from);
        const last = (await route(from)).stops.at(-1)!;
        await selectWithLabel(page, from, last.id);
        const map = (await page.getByTestId('map').boundingBox())!;
        const legend = (await page.getByTestId('map-legend').boundingBox())!;
        for (const candidate of [...own].reverse()) {
          const label = page.locator(`[data-testid="route-label"][data-stop-id="${candidate.id}"]`);
          if ((await label.count()) === 0) continue;
          const box = await label.boundingBox();
          if (!box) continue;
          const onMap =
            box.x > map.x + 10 &&
            box.y > map.y + 10 &&
            box.x + box.width < map.x + map.width - 10 &&
            box.y + box.height < map.y + map.height - 10;
          const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
          if (onMap && !inside(center, legend, 8)) return { stop: candidate, from, box };
        }
      }
      throw new Error(
        `no label of the stops of couriers ${tried.join(', ')} lies wholly on the map`,
      );
    }

    /** Waits until the map's view stops changing (an animation ended); returns its bounds. */
    const settled = (page: Page) =>
      eventually(
        async () => {
          const map = page.getByTestId('map');
          const a = await map.getAttribute('data-bounds');
          await new Promise((r) => setTimeout(r, 400));
          return a && a === (await map.getAttribute('data-bounds')) ? a : undefined;
        },
        15_000,
        'the map at rest',
      );

    /**
     * Selects a courier and waits for the label of `stopId` on the framed route. The list is
     * behind the drawer of a courier already selected, so that drawer is closed first.
     */
    async function selectWithLabel(page: Page, courierId: number, stopId: number): Promise<Box> {
      const drawer = page.getByTestId('courier-drawer');
      if (await drawer.isVisible())
        await drawer.getByRole('button', { name: 'Close courier details' }).click();
      await page.locator(`[data-testid="courier-item"][data-courier-id="${courierId}"]`).click();
      await page.getByTestId('courier-drawer').waitFor();
      const label = page.locator(`[data-testid="route-label"][data-stop-id="${stopId}"]`);
      await label.waitFor();
      await settled(page);
      return (await label.boundingBox())!;
    }

    /** Screen points of the couriers in view other than `except`, still ones first. */
    async function othersOnScreen(page: Page, except: number, avoid: Box[]) {
      const map = page.getByTestId('map');
      const [west, south, east, north] = ((await map.getAttribute('data-bounds')) ?? '')
        .split(',')
        .map(Number) as [number, number, number, number];
      const box = (await map.boundingBox())!;
      const positions = await page.evaluate(
        () =>
          (globalThis as unknown as { __console?: { positions: Positions } }).__console
            ?.positions ?? {},
      );
      return Object.entries(positions)
        .map(([id, p]) => ({
          id: Number(id),
          still: p.status === 'at_stop',
          x: box.x + ((mercX(p.lng) - mercX(west)) / (mercX(east) - mercX(west))) * box.width,
          y: box.y + ((mercY(p.lat) - mercY(north)) / (mercY(south) - mercY(north))) * box.height,
        }))
        .filter((c) => c.id !== except && inside(c, box, -40))
        .filter((c) => avoid.every((b) => !inside(c, b, 24)))
        .sort((a, b) => Number(b.still) - Number(a.still));
    }

    /**
     * Holding a stop, moves the pointer onto another courier's marker until that courier is
     * ringed; returns the courier ringed.
     */
    async function hoverACourier(page: Page, from: number, avoid: Box[]): Promise<number> {
      const ring = page.getByTestId('drop-courier');
      return eventually(
        async () => {
          const [target] = await othersOnScreen(page, from, avoid);
          if (!target) return undefined;
          // Come in from a little aside every time: a pointer already resting on the spot fires
          // no move, so a courier drawn late (a busy machine) would never be ringed.
          await page.mouse.move(target.x + 24, target.y + 24, { steps: 2 });
          await page.mouse.move(target.x, target.y, { steps: 8 });
          const ringed = await ring.waitFor({ state: 'visible', timeout: 1000 }).then(
            () => true,
            () => false,
          );
          if (!ringed) return undefined;
          const id = Number(await ring.getAttribute('data-courier-id'));
          return id !== from ? id : undefined;
        },
        60_000,
        'another courier under the dragged stop',
      );
    }

    /**
     * Presses on the stop's label and drags it a little until the dragged stop shows. Labels are
     * placed again as the live map redraws: press where the label is now, and press again (after
     * letting go on the spot, which changes nothing) if it had moved. Returns where it was taken.
     */
    async function pickUp(
      page: Page,
      { stop, from, box }: { stop: Stop; from: number; box: Box },
    ): Promise<Box> {
      let start = box;
      for (let attempt = 1; ; attempt++) {
        await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
        await page.mouse.down();
        await page.mouse.move(start.x + start.width / 2 + 30, start.y + 40, { steps: 4 });
        try {
          await page.getByTestId('dragged-stop').waitFor({ timeout: 5000 });
          return start;
        } catch (err) {
          await page.mouse.up();
          if (attempt === 5) throw err;
          start = await selectWithLabel(page, from, stop.id);
        }
      }
    }

    it('drags a stop onto another courier, previews the lateness, moves it and undoes it (1280×720)', async () => {
      const page = await signIn({ width: 1280, height: 720 });
      const picked = await aLabelInView(page);
      const { stop, from } = picked;
      const legend = (await page.getByTestId('map-legend').boundingBox())!;

      const start = await pickUp(page, picked);
      // Read once the stop is taken: a press that missed a moved label may have panned the map.
      const bounds = await page.getByTestId('map').getAttribute('data-bounds');
      expect(await page.getByTestId('dragged-stop').innerText()).toContain(stop.orderRef);
      const to = await hoverACourier(page, from, [legend, start]);

      const preview = page
        .getByTestId('map-move-preview')
        .and(page.locator(`[data-state="ready"][data-courier-id="${to}"]`));
      await preview.waitFor();
      const text = await preview.innerText();
      expect(text).toMatch(/stop: arrives \d{1,2}:\d{2}/);
      expect(text).toMatch(/min driving/);
      expect(text).toMatch(/no new lateness|late/);
      // The map did not pan under the drag.
      expect(await page.getByTestId('map').getAttribute('data-bounds')).toBe(bounds);
      await shoot(page, 'map-drag-preview');
      await page.mouse.up();

      await eventually(
        () => onRoute(to, stop.id).then((on) => on || undefined),
        10_000,
        'the move',
      );
      expect(await onRoute(from, stop.id)).toBe(false);
      const toast = page.getByTestId('undo-toast');
      await expect(toast.getByTestId('undo-label').innerText()).resolves.toContain(
        `Moved order ${stop.orderRef}`,
      );
      // The drop selected nobody: the courier the stop came from is still the one shown.
      expect(await page.getByTestId('courier-drawer').getAttribute('data-courier-id')).toBe(
        String(from),
      );
      await shoot(page, 'map-drag-moved');

      await toast.getByTestId('undo-move').click();
      await page.getByTestId('undo-notice').waitFor();
      expect(await page.getByTestId('undo-notice').innerText()).toBe('Move undone.');
      expect(await onRoute(from, stop.id)).toBe(true);
      expect(await onRoute(to, stop.id)).toBe(false);
      await page.close();
    });

    it('Escape cancels the drag: nothing moves, the courier stays selected, and the map pans again', async () => {
      const page = await signIn({ width: 1600, height: 1000 });
      const picked = await aLabelInView(page);
      const { stop, from } = picked;
      const legend = (await page.getByTestId('map-legend').boundingBox())!;

      const start = await pickUp(page, picked);
      await hoverACourier(page, from, [legend, start]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('dragged-stop').count()).toBe(0);
      await page.mouse.up();

      expect(await page.getByTestId('undo-toast').count()).toBe(0);
      expect(await onRoute(from, stop.id)).toBe(true);
      expect(await page.getByTestId('courier-drawer').getAttribute('data-courier-id')).toBe(
        String(from),
      );

      // A press on empty map pans it as before.
      const before = await settled(page);
      const map = (await page.getByTestId('map').boundingBox())!;
      const empty = { x: map.x + map.width / 2, y: map.y + map.height - 80 };
      await page.mouse.move(empty.x, empty.y);
      await page.mouse.down();
      await page.mouse.move(empty.x - 160, empty.y - 60, { steps: 10 });
      await page.mouse.up();
      await expect.poll(() => page.getByTestId('map').getAttribute('data-bounds')).not.toBe(before);
      await page.close();
    });
  },
);

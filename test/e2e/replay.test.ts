import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeReplayTrack, type Replay } from '@dispatch/shared';
import { eventually } from '../helpers/test-server';
import { e2eUnavailable, launchBrowser, screenshot, startConsoleServer } from './harness';

type ReplayHook = { t: number; current: number; positions: Record<string, [number, number]> };

const unavailable = e2eUnavailable();

describe.skipIf(unavailable !== null)(
  `replaying the seeded demo in headless Chromium${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    let env: Awaited<ReturnType<typeof startConsoleServer>>;
    let browser: Browser;
    let admin: string;
    /** A courier with at least three sampled fixes, and today's replay of the hub. */
    let moving: { courierId: number; times: number[] };
    let replay: Replay;

    beforeAll(async () => {
      env = await startConsoleServer();
      browser = await launchBrowser();
      admin = await env.server.login();
      const hubs = await env.server.request<{ hubs: { id: number }[] }>('GET', '/api/v1/hubs', {
        cookie: admin,
      });
      const hubId = hubs.body.hubs[0]!.id;
      // Let the simulated fleet drive until two couriers have several sampled positions.
      ({ moving, replay } = await eventually(
        async () => {
          // Whole seconds, as the page's slider moves.
          const to = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
          const res = await env.server.request<Replay>(
            'GET',
            `/api/v1/replay?hubId=${hubId}&from=${to - 24 * 3_600_000}&to=${to}`,
            { cookie: admin },
          );
          const tracks = res.body.tracks
            .map((t) => ({ courierId: t.courierId, fixes: decodeReplayTrack(t, res.body.from) }))
            .filter((t) => t.fixes.length >= 3);
          // The courier narrowed to must have a planned route today (some drive with none).
          const routed = new Set(res.body.routes.map((r) => r.courierId));
          if (tracks.length < 2) return undefined;
          const first = tracks.find((t) => routed.has(t.courierId));
          if (!first) return undefined;
          return {
            moving: { courierId: first.courierId, times: first.fixes.map((f) => f.t) },
            replay: res.body,
          };
        },
        100_000,
        'couriers with several positions to replay',
      ));
    });
    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    async function openReplay(): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${env.server.url}/login`);
      await page.getByTestId('login-email').fill(env.credentials.dispatcher.email);
      await page.getByTestId('login-password').fill(env.credentials.dispatcher.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`${env.server.url}/`);
      await page.getByTestId('nav-replay').click();
      await page.waitForURL(`${env.server.url}/replay`);
      await page.getByTestId('replay-scrubber').waitFor();
      await page.getByTestId('replay-event').first().waitFor();
      return page;
    }

    const hook = (page: Page) =>
      page.evaluate(() => (globalThis as unknown as { __replay: ReplayHook }).__replay);
    const seek = (page: Page, t: number) =>
      page.getByTestId('replay-slider').evaluate((el, value) => {
        // Runs in the page: the slider is an <input type="range">.
        const input = el as unknown as { value: string; dispatchEvent(event: Event): boolean };
        input.value = String(value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, t);
    const pastEvents = (page: Page) => page.locator('[data-testid="replay-event"].past').count();

    it('scrubs the day: couriers move on the map and the event list follows', async () => {
      const page = await openReplay();
      await screenshot(page, 'replay-opened');

      const [early, , late] = [moving.times[0]!, 0, moving.times.at(-1)!];
      await seek(page, early);
      await eventually(async () => ((await hook(page)).t === early ? true : undefined));
      const before = (await hook(page)).positions[moving.courierId];
      expect(before).toBeDefined();
      const pastBefore = await pastEvents(page);

      await seek(page, late);
      const after = await eventually(async () => {
        const h = await hook(page);
        return h.t === late ? h.positions[moving.courierId] : undefined;
      });
      expect(after).not.toEqual(before);
      await screenshot(page, 'replay-scrubbed');

      // Back to midnight: nothing has happened yet, then to the end of the sampled stretch.
      await seek(page, replay.from);
      await eventually(async () => ((await pastEvents(page)) === 0 ? true : undefined));
      await seek(page, late + 60_000);
      await eventually(async () =>
        (await pastEvents(page)) >= Math.max(1, pastBefore) ? true : undefined,
      );
      expect(await page.locator('[data-testid="replay-event"][aria-current="true"]').count()).toBe(
        1,
      );
      await page.close();
    });

    it('jumps to an event when it is clicked, steps with the arrows and plays with space', async () => {
      const page = await openReplay();
      // From the end of the recorded stretch (now) back to the first event by clicking it.
      await seek(page, Number.MAX_SAFE_INTEGER);
      const item = page.getByTestId('replay-event').first();
      const at = Number(await item.getAttribute('data-at'));
      await eventually(async () => ((await hook(page)).t > at ? true : undefined));
      await item.getByRole('button').click();
      await eventually(async () => ((await hook(page)).t === at ? true : undefined));
      await expect.poll(() => item.getAttribute('aria-current')).toBe('true');

      // (Today's replay ends at the moment it was opened, so step back before stepping on.)
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await eventually(async () => ((await hook(page)).t === at - 120_000 ? true : undefined));
      await page.keyboard.press('ArrowRight');
      await eventually(async () => ((await hook(page)).t === at - 60_000 ? true : undefined));

      await page.getByTestId('replay-speed-5').click();
      await page.keyboard.press(' ');
      await page.getByTestId('replay-play').and(page.locator('[data-playing="true"]')).waitFor();
      // At 5× a second of real time is five seconds of the day.
      await eventually(
        async () => ((await hook(page)).t >= at - 55_000 ? true : undefined),
        10_000,
        'the replay to play',
      );
      await page.keyboard.press(' ');
      await page.getByTestId('replay-play').and(page.locator('[data-playing="false"]')).waitFor();
      const paused = (await hook(page)).t;
      await page.waitForTimeout(300);
      expect((await hook(page)).t).toBe(paused);
      await page.getByTestId('replay-plan').waitFor();
      await screenshot(page, 'replay-playing');
      await page.close();
    });

    it('narrows to one courier and shows its planned versus actual route', async () => {
      const page = await openReplay();
      await page.getByTestId('replay-courier').selectOption(String(moving.courierId));
      await page
        .locator(`[data-testid="replay-route"][data-courier-id="${moving.courierId}"]`)
        .waitFor();
      await seek(page, moving.times.at(-1)!);
      await eventually(async () => {
        const ids = Object.keys((await hook(page)).positions);
        return ids.join() === String(moving.courierId) ? true : undefined;
      });
      await page.getByTestId('replay-route').first().locator('tbody tr').first().waitFor();
      await page.getByTestId('replay-plan').scrollIntoViewIfNeeded();
      await screenshot(page, 'replay-courier');
      await page.close();
    });
  },
);

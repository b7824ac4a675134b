import { describe, expect, it, vi } from 'vitest';
import type { TrackingView } from '@dispatch/shared';
import { ApiError } from '../api';
import type { TrackingApi } from './tracking-api';
import { NOW, onTheWay, trackingView } from './tracking-fixtures';
import { TrackingPage, type LiveHandlers } from './tracking-page.svelte';

/** A server that gives these answers in turn (the last one again once they run out). */
function fakeApi(...answers: (TrackingView | ApiError)[]) {
  const next = async () => {
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer instanceof ApiError) throw answer;
    return answer;
  };
  return {
    view: vi.fn(next),
    saveInstructions: vi.fn(next),
    rescheduleOptions: vi.fn(async () => ({ options: [], collectAtHub: true })),
    reschedule: vi.fn(next),
    map: vi.fn(async () => ({ mapStyleUrl: null, streetsUrl: null })),
  } satisfies TrackingApi;
}

/** A page on `api` whose live feed the test drives. */
function pageOn(api: TrackingApi) {
  let feed: LiveHandlers | null = null;
  const closed = vi.fn();
  const page = new TrackingPage(api, (handlers) => {
    feed = handlers;
    return { close: closed };
  });
  return { page, feed: () => feed!, closed };
}

const notFound = () => new ApiError('not_found', 'no such link', 404);

describe('the tracking page’s state', () => {
  it('shows the order once it has loaded', async () => {
    const { page } = pageOn(fakeApi(trackingView()));
    expect(page.status).toBe('loading');
    await page.start();
    expect(page.status).toBe('ready');
    expect(page.view?.phase).toBe('received');
  });

  it('shows nothing of the order for a link the server does not know, and stops listening', async () => {
    const { page, closed } = pageOn(fakeApi(notFound()));
    await page.start();
    expect(page.status).toBe('not_found');
    expect(page.view).toBeNull();
    expect(closed).toHaveBeenCalled();
  });

  it('asks the reader to wait after too many tries', async () => {
    const { page } = pageOn(fakeApi(new ApiError('rate_limited', 'slow down', 429)));
    await page.start();
    expect(page.status).toBe('rate_limited');
  });

  it('offers a retry when the server cannot be reached at first', async () => {
    const api = fakeApi(new ApiError('unavailable', 'offline'), trackingView());
    const { page } = pageOn(api);
    await page.start();
    expect(page.status).toBe('unavailable');
    await page.refresh();
    expect(page.status).toBe('ready');
  });

  it('follows the live updates and ignores one older than what it shows', async () => {
    const { page, feed } = pageOn(fakeApi(trackingView()));
    await page.start();
    feed().update(onTheWay({ updatedAt: NOW + 2000 }));
    expect(page.view?.phase).toBe('out_for_delivery');
    feed().update(trackingView({ updatedAt: NOW + 1000 }));
    expect(page.view?.phase).toBe('out_for_delivery');
  });

  it('keeps the last view while reconnecting and fetches the order again once back', async () => {
    const api = fakeApi(trackingView(), onTheWay({ updatedAt: NOW + 5000 }));
    const { page, feed } = pageOn(api);
    await page.start();
    feed().connected();
    expect(page.live).toBe('live');
    feed().disconnected();
    expect(page.live).toBe('reconnecting');
    expect(page.view?.phase).toBe('received');
    feed().connected();
    await vi.waitFor(() => expect(page.view?.phase).toBe('out_for_delivery'));
    expect(page.live).toBe('live');
    expect(api.view).toHaveBeenCalledTimes(2);
  });

  it('asks again when the server closes the connection, and shows an expired link as invalid', async () => {
    const { page, feed } = pageOn(fakeApi(trackingView(), notFound()));
    await page.start();
    feed().closedByServer();
    await vi.waitFor(() => expect(page.status).toBe('not_found'));
    expect(page.view).toBeNull();
  });

  it('drops the order when the live feed says the link is not valid', async () => {
    const { page, feed } = pageOn(fakeApi(trackingView()));
    await page.start();
    feed().invalid();
    expect(page.status).toBe('not_found');
    expect(page.view).toBeNull();
    feed().update(onTheWay({ updatedAt: NOW + 9000 }));
    expect(page.view).toBeNull();
  });
});

describe('the customer’s actions', () => {
  it('shows the view the server answers a saved instruction with', async () => {
    const saved = trackingView({
      instructions: { kind: 'safe_place', text: 'Behind the gate' },
      updatedAt: NOW + 1000,
    });
    const api = fakeApi(trackingView(), saved);
    const { page } = pageOn(api);
    await page.start();
    const outcome = await page.saveInstructions({ kind: 'safe_place', text: 'Behind the gate' });
    expect(outcome).toEqual({ ok: true });
    expect(api.saveInstructions).toHaveBeenCalledWith({
      kind: 'safe_place',
      text: 'Behind the gate',
    });
    expect(page.view?.instructions?.text).toBe('Behind the gate');
  });

  it('reports a refusal and shows where the order stands now', async () => {
    const arrived = onTheWay({
      phase: 'arriving',
      can: { instruct: false, reschedule: false, collect: false },
      updatedAt: NOW + 3000,
    });
    const api = fakeApi(trackingView(), new ApiError('conflict', 'courier arrived', 409), arrived);
    const { page } = pageOn(api);
    await page.start();
    const outcome = await page.reschedule({ collectAtHub: true });
    expect(outcome).toEqual({ ok: false, code: 'conflict' });
    expect(page.view?.phase).toBe('arriving');
    expect(page.view?.can.instruct).toBe(false);
  });
});

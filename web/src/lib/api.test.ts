import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError, currentUser, reassignStops, request } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
});

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status })),
  );
}

describe('request', () => {
  test('a refusal throws the server code and message', async () => {
    answer(409, { code: 'conflict', message: 'route of courier 3 changed' });
    const error = await reassignStops({ stopIds: [1], toCourierId: 3, routeVersions: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'conflict',
      message: 'route of courier 3 changed',
      status: 409,
    });
  });

  test('a refusal without a wire body gets a code from its status', async () => {
    answer(403, 'nope');
    await expect(request('GET', '/api/v1/kpi')).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
  });

  test('an unreachable server is unavailable', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(request('GET', '/api/v1/couriers')).rejects.toMatchObject({ code: 'unavailable' });
  });

  test('requests are same-origin with the session cookie and JSON bodies', async () => {
    const fetch = vi.fn(
      async () => new Response(JSON.stringify({ result: { movedStopIds: [], routeVersions: {} } })),
    );
    vi.stubGlobal('fetch', fetch);
    await reassignStops({ stopIds: [1], toCourierId: 3, routeVersions: { '3': 2 } });
    expect(fetch).toHaveBeenCalledWith(
      '/api/v1/stops/reassign',
      expect.objectContaining({
        method: 'POST',
        credentials: 'same-origin',
        body: JSON.stringify({ stopIds: [1], toCourierId: 3, routeVersions: { '3': 2 } }),
      }),
    );
  });
});

describe('currentUser', () => {
  test('no session is null, not an error', async () => {
    answer(401, { code: 'unauthorized', message: 'sign in first' });
    expect(await currentUser()).toBeNull();
  });
});

import { describe, expect, test } from 'vitest';
import { isStaleCache, passesThrough, serveAsset, servePage, SHELL_PATH } from './offline-shell';

const ORIGIN = 'https://dispatch.example';

/** A Cache kept in memory, by URL path. */
function memoryCache(): Cache & { kept: Map<string, Response> } {
  const kept = new Map<string, Response>();
  const key = (r: RequestInfo | URL) =>
    typeof r === 'string' ? r : new URL(r instanceof Request ? r.url : r).pathname;
  return {
    kept,
    async put(r: RequestInfo | URL, response: Response) {
      kept.set(key(r), response);
    },
    async match(r: RequestInfo | URL) {
      return kept.get(key(r))?.clone();
    },
  } as unknown as Cache & { kept: Map<string, Response> };
}

const offline = async (): Promise<Response> => {
  throw new TypeError('Failed to fetch');
};

describe('what the courier app keeps offline', () => {
  test('REST, the socket and other sites always go to the network', () => {
    expect(passesThrough(new URL(`${ORIGIN}/api/v1/device/me`), ORIGIN)).toBe(true);
    expect(passesThrough(new URL(`${ORIGIN}/socket.io/?EIO=4`), ORIGIN)).toBe(true);
    expect(passesThrough(new URL('https://www.google.com/maps/dir/'), ORIGIN)).toBe(true);
    expect(passesThrough(new URL(`${ORIGIN}/_app/immutable/start.js`), ORIGIN)).toBe(false);
    expect(passesThrough(new URL(`${ORIGIN}/driver/pair`), ORIGIN)).toBe(false);
  });

  test('a page comes from the network and is kept as the shell', async () => {
    const cache = memoryCache();
    const response = await servePage(
      new Request(`${ORIGIN}/driver/pair`),
      cache,
      async () => new Response('fresh shell'),
    );
    expect(await response.text()).toBe('fresh shell');
    expect(await cache.kept.get(SHELL_PATH)!.text()).toBe('fresh shell');
  });

  test('without network a page is the kept shell', async () => {
    const cache = memoryCache();
    cache.kept.set(SHELL_PATH, new Response('kept shell'));
    const response = await servePage(new Request(`${ORIGIN}/driver`), cache, offline);
    expect(await response.text()).toBe('kept shell');
  });

  test('a refused page is passed on but not kept', async () => {
    const cache = memoryCache();
    await servePage(
      new Request(`${ORIGIN}/driver`),
      cache,
      async () => new Response('', { status: 500 }),
    );
    expect(cache.kept.size).toBe(0);
  });

  test('a built file comes from the cache when kept, else from the network', async () => {
    const cache = memoryCache();
    cache.kept.set('/_app/a.js', new Response('kept'));
    expect(
      await (await serveAsset(new Request(`${ORIGIN}/_app/a.js`), cache, offline)).text(),
    ).toBe('kept');
    const fetched = await serveAsset(
      new Request(`${ORIGIN}/_app/b.js`),
      cache,
      async () => new Response('net'),
    );
    expect(await fetched.text()).toBe('net');
  });

  test('only older caches of the courier app are cleared', () => {
    expect(isStaleCache('driver-1', 'driver-2')).toBe(true);
    expect(isStaleCache('driver-2', 'driver-2')).toBe(false);
    expect(isStaleCache('console-assets', 'driver-2')).toBe(false);
  });
});

/**
 * What the courier app's service worker keeps and serves (see `src/service-worker.ts`): the
 * built files and one app shell, so `/driver` opens without network. Live traffic (REST, the
 * socket) always goes to the network and is never stored.
 */

/** The page every courier-app address is served from (a single-page app). */
export const SHELL_PATH = '/driver';

const PREFIX = 'driver-';

export const cacheName = (version: string) => `${PREFIX}${version}`;

/** A cache an earlier version of the courier app left behind (other apps' caches are left alone). */
export const isStaleCache = (key: string, current: string) =>
  key.startsWith(PREFIX) && key !== current;

/** Requests the worker leaves alone: REST, the socket, other origins. */
export function passesThrough(url: URL, origin: string): boolean {
  return (
    url.origin !== origin ||
    url.pathname.startsWith('/api/') ||
    url.pathname.startsWith('/socket.io')
  );
}

type Fetcher = (request: Request) => Promise<Response>;

/** A page: the network's answer (kept as the shell for next time), else the kept shell. */
export async function servePage(
  request: Request,
  cache: Cache,
  fetcher: Fetcher,
): Promise<Response> {
  try {
    const response = await fetcher(request);
    if (response.ok) await cache.put(SHELL_PATH, response.clone());
    return response;
  } catch {
    return (await cache.match(SHELL_PATH)) ?? Response.error();
  }
}

/** A built file: names carry a content hash, so a kept copy is always the right one. */
export async function serveAsset(
  request: Request,
  cache: Cache,
  fetcher: Fetcher,
): Promise<Response> {
  return (await cache.match(request)) ?? fetcher(request);
}

/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The courier app's service worker, registered by the `/driver` layout with the scope `/driver`:
// it controls the courier app's pages only, never the console's. What it keeps and serves is in
// `$lib/driver/offline-shell.ts`.
import { build, files, version } from '$service-worker';
import {
  cacheName,
  isStaleCache,
  passesThrough,
  serveAsset,
  servePage,
  SHELL_PATH,
} from '$lib/driver/offline-shell';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = cacheName(version);
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...ASSETS, SHELL_PATH]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (isStaleCache(key, CACHE)) await caches.delete(key);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || passesThrough(url, sw.location.origin)) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      caches.open(CACHE).then((cache) => servePage(request, cache, (r) => fetch(r))),
    );
  } else if (ASSETS.has(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then((cache) => serveAsset(request, cache, (r) => fetch(r))),
    );
  }
});

import { readFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { App } from '../../server/src/app';
import type { NaiveFix } from './console-fleet';

const ROOT = resolve(import.meta.dirname, '../..');
const MAPLIBRE_DIST = join(ROOT, 'web/node_modules/maplibre-gl/dist');
const SOCKET_IO_CLIENT = join(ROOT, 'node_modules/socket.io-client/dist/socket.io.min.js');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/**
 * The naive page: one MapLibre map with a GeoJSON circle layer; every socket message (an array
 * of one JSON object per courier) is merged into a Map and the whole collection goes to
 * `setData`, as a first version of a live map usually does.
 */
function naivePage(center: { lat: number; lng: number }): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>naive console</title>
<link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%;width:100%}</style>
<script src="/socket.io.min.js"></script>
</head><body><div id="map"></div>
<script type="module">
import * as maplibregl from '/maplibre/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/maplibre/maplibre-gl-worker.mjs');
const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef0f3' } }] },
  center: [${center.lng}, ${center.lat}],
  zoom: 12,
  attributionControl: false,
});
const couriers = new Map();
const collection = () => ({
  type: 'FeatureCollection',
  features: [...couriers.values()].map((c) => ({
    type: 'Feature',
    id: c.id,
    geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
    properties: { id: c.id, status: c.status, heading: c.heading, speed: c.speed, t: c.t },
  })),
});
map.on('load', () => {
  map.addSource('couriers', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({ id: 'couriers', type: 'circle', source: 'couriers',
    paint: { 'circle-radius': 4, 'circle-color': '#2563eb', 'circle-stroke-width': 1, 'circle-stroke-color': '#fff' } });
  const socket = io({ transports: ['websocket'] });
  socket.on('fixes', (fixes) => {
    for (const f of fixes) couriers.set(f.id, f);
    map.getSource('couriers').setData(collection());
    globalThis.__naive = { couriers: couriers.size, messages: (globalThis.__naive?.messages ?? 0) + 1 };
  });
  socket.on('connect', () => document.body.dataset.status = 'live');
});
</script></body></html>`;
}

/** The naive baseline: a page and a plain Socket.IO server on 127.0.0.1 relaying fixes as JSON. */
export async function startNaiveServer(
  ioServerClass: App['io'],
  center: { lat: number; lng: number },
): Promise<{ url: string; send: (fixes: NaiveFix[]) => void; stop: () => Promise<void> }> {
  const page = naivePage(center);
  const http: HttpServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file =
      path === '/'
        ? null
        : path === '/socket.io.min.js'
          ? SOCKET_IO_CLIENT
          : path.startsWith('/maplibre/') && !path.includes('..')
            ? join(MAPLIBRE_DIST, path.slice('/maplibre/'.length))
            : undefined;
    if (file === null) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  // The same Socket.IO build the real server uses, reached through its instance so the bench
  // needs no dependency of its own.
  const IoServer = ioServerClass.constructor as new (
    srv: HttpServer,
    opts: { transports: string[] },
  ) => App['io'];
  const io = new IoServer(http, { transports: ['websocket'] });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    send: (fixes) => {
      if (io.engine.clientsCount > 0) io.emit('fixes' as never, fixes as never);
    },
    stop: async () => {
      await io.close();
      http.close();
    },
  };
}

import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';

let ready: Promise<void> | null = null;

/**
 * Points MapLibre at its worker through a blob URL of the worker's script. The script is fetched
 * like any file (so the service worker answers offline), whereas a phone without network may
 * refuse to start a worker from its network address even though the service worker keeps it.
 * The worker is one self-contained file, so it runs the same from a blob. Call before a map.
 */
export function prepareMapWorker(): Promise<void> {
  ready ??= fetch(workerUrl)
    .then(async (response) => {
      if (!response.ok) throw new Error(`the map's worker did not load (${response.status})`);
      setWorkerUrl(URL.createObjectURL(await response.blob()));
    })
    .catch((err: unknown) => {
      ready = null;
      throw err;
    });
  return ready;
}

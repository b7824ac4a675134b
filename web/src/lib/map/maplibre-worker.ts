import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';

// MapLibre 6 computes its worker's URL at run time, which no bundler can follow: Vite bundles the
// worker (with its shared chunk) and MapLibre is told where it went. Import before creating a map.
setWorkerUrl(workerUrl);

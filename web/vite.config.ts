import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // The console page carries MapLibre (about 1 MB minified) in its chunk.
  build: { chunkSizeWarningLimit: 1500 },
  // MapLibre's worker is an ES module (see src/lib/map/maplibre-worker.ts).
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});

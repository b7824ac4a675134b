// The `web` vitest project (referenced from the root vitest.config.ts). It lives here because
// @sveltejs/vite-plugin-svelte is a dependency of the console, not of the workspace root.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Rune classes are compiled for the browser, as the console runs them, though tests run in node.
  plugins: [svelte({ dynamicCompileOptions: () => ({ generate: 'client' }) })],
  resolve: { conditions: ['browser'] },
  test: { name: 'web', include: ['src/**/*.test.ts'] },
});

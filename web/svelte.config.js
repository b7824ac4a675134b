import adapter from '@sveltejs/adapter-static';

// WEB_BUILD_DIR and WEB_KIT_DIR let two builds of the console run side by side (default: build/, .svelte-kit/).
const out = process.env.WEB_BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter({ pages: out, assets: out, fallback: 'index.html' }),
    outDir: process.env.WEB_KIT_DIR ?? '.svelte-kit',
    // The courier app registers the service worker itself, for `/driver` only.
    serviceWorker: { register: false },
  },
};

export default config;

import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html' }),
    alias: {
      // h3-js is a dependency of @dispatch/shared, not (yet) of the console: until web/package.json
      // lists it, the console reaches the copy installed for shared. Remove once it is listed.
      'h3-js': '../shared/node_modules/h3-js',
    },
  },
};

export default config;

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generatedApp,
  measureRoute,
  routeNodes,
  staticClosure,
  type Manifest,
} from './route-bundle';
import { KIT_DIR, TRACKING_BUDGET_BYTES, TRACKING_ROUTE } from './tracking-bundle';

describe('a route’s files in a build', () => {
  const router = `export const dictionary = {
    "/": [3],
    "/driver": [4,[2]],
    "/t/[token]": [13],
    "/nested/[id]": [~7,[,5],[1]]
  };`;

  it('reads the route’s nodes from the router’s dictionary, root layout first', () => {
    expect(routeNodes(router, '/t/[token]')).toEqual([0, 13]);
    expect(routeNodes(router, '/driver')).toEqual([0, 2, 4]);
    expect(routeNodes(router, '/nested/[id]')).toEqual([0, 5, 7]);
    expect(routeNodes(router, '/missing')).toBeNull();
  });

  it('follows static imports and their CSS but not what is imported later', () => {
    const manifest: Manifest = {
      page: { file: 'page.js', imports: ['_ui.js'], dynamicImports: ['_map.js'], css: ['p.css'] },
      '_ui.js': { file: 'ui.js', imports: ['_runtime.js'] },
      '_runtime.js': { file: 'runtime.js', imports: ['_ui.js'] },
      '_map.js': { file: 'map.js', css: ['map.css'] },
    };
    expect(staticClosure(manifest, ['page'])).toEqual(['p.css', 'page.js', 'runtime.js', 'ui.js']);
  });
});

/** Why the size cannot be measured here, or null when it can. */
function unmeasurable(): string | null {
  if (!existsSync(join(KIT_DIR, 'output/client/.vite/manifest.json')))
    return 'the console is not built (pnpm --filter @dispatch/web build)';
  if (routeNodes(generatedApp(KIT_DIR), TRACKING_ROUTE) === null)
    return `the build predates ${TRACKING_ROUTE} (build the console again)`;
  return null;
}
const unavailable = unmeasurable();

describe.skipIf(unavailable !== null)(
  `the tracking page’s size${unavailable ? ` (not run: ${unavailable})` : ''}`,
  () => {
    it(`loads at most ${TRACKING_BUDGET_BYTES / 1024} KB gzipped before it runs`, () => {
      const files = measureRoute(KIT_DIR, TRACKING_ROUTE);
      const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
      console.log(`${TRACKING_ROUTE}: ${(total / 1024).toFixed(1)} KB gzipped`);
      expect(total).toBeLessThanOrEqual(TRACKING_BUDGET_BYTES);
    });

    it('leaves the map library out of what it loads first', () => {
      const files = measureRoute(KIT_DIR, TRACKING_ROUTE).filter((f) => f.file.endsWith('.js'));
      const client = join(KIT_DIR, 'output/client');
      const carriesMapLibre = (file: string) =>
        readFileSync(join(client, file), 'utf8').includes('maplibregl-');
      expect(files.filter((f) => carriesMapLibre(f.file))).toEqual([]);
    });
  },
);

/**
 * Prints what the customer's tracking page (`/t/<token>`) loads before it runs, gzipped, from
 * the last console build (`pnpm --filter @dispatch/web build`; WEB_KIT_DIR picks another build's
 * `.svelte-kit` folder), and fails above the budget. The map library is loaded later and is not
 * counted.
 *
 *   npx tsx test/tools/tracking-bundle.ts
 */
import { resolve } from 'node:path';
import { cell, markdownTable } from '../bench/table';
import { measureRoute } from './route-bundle';

export const TRACKING_ROUTE = '/t/[token]';
/** The page's own JS and CSS, gzipped, without the lazily loaded map library. */
export const TRACKING_BUDGET_BYTES = 150 * 1024;

/** The `.svelte-kit` folder of the build to measure. */
export const KIT_DIR = resolve(
  import.meta.dirname,
  '../../web',
  process.env.WEB_KIT_DIR ?? '.svelte-kit',
);

function main(): void {
  const files = measureRoute(KIT_DIR, TRACKING_ROUTE);
  const kb = (bytes: number) => cell(bytes / 1024, 1);
  const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  const raw = files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(
    markdownTable(
      ['file', 'KB', 'KB gzip'],
      [
        ...files.map((f) => [f.file, kb(f.bytes), kb(f.gzipBytes)]),
        ['**total**', kb(raw), kb(total)],
      ],
    ),
  );
  const verdict = total <= TRACKING_BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `\n${TRACKING_ROUTE}: ${kb(total)} KB gzipped, ${verdict} the ${kb(TRACKING_BUDGET_BYTES)} KB budget`,
  );
  if (total > TRACKING_BUDGET_BYTES) process.exitCode = 1;
}

if (import.meta.filename === process.argv[1]) main();

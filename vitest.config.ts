import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { test: { name: 'server', include: ['server/src/**/*.test.ts'] } },
      // Benchmark harnesses, test data generators, the layering rules and build checks (tools/).
      {
        test: {
          name: 'tools',
          include: [
            'test/harness/**/*.test.ts',
            'test/factories/**/*.test.ts',
            'test/layering/**/*.test.ts',
            'test/tools/**/*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // Every REST route and socket event against every kind of caller (test/security/README.md).
      {
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // Generated malformed input against the device socket, the REST API, the OsmAnd listener and
      // the CSV import, on the embedded database only (test/fuzz/README.md: seeds and scale).
      {
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Heap is measured after a forced collection.
          execArgv: ['--expose-gc'],
        },
      },
      // Crashes, a database outage and a reconnect storm against the server as a child process,
      // each on databases of its own (test/chaos/README.md).
      {
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      // Several server nodes on one PostgreSQL and one Redis (test/cluster/README.md).
      {
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          env: {
            TEST_DATABASE_URL:
              process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A page on a busy machine may take seconds to load and fetch: `expect.poll` waits for
          // it this long rather than its default second.
          expect: { poll: { timeout: 15_000 } },
        },
      },
      // The console's rune classes; its config loads the Svelte plugin from web/'s dependencies.
      'web/vitest.config.js',
    ],
  },
});

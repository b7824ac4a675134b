// The server's layering, checked by `pnpm lint` (`pnpm layering` alone). Each rule names what it
// keeps apart; server/src/<capability>/README.md says what each folder may import.

/**
 * Folders (and the reports' calculations) of pure logic: plain data in and out, dependencies
 * passed in, no I/O of their own.
 */
const PURE =
  '^server/src/((fleet|detect|eta|lib|dispatch/(routing|suggest|planning|orders))/' +
  '|reports/(csv-writer|day-export|courier-day)\\.ts$)';
/** Engines and transports a pure folder must not reach, directly or through other modules. */
const PACKAGES =
  'drizzle-orm|postgres|@electric-sql|fastify|@fastify|socket\\.io|socket\\.io-client|pino';
const IO =
  '^server/src/(db|simulator|http|ingest|realtime)/' +
  `|node_modules/(${PACKAGES})/|node_modules/\\.pnpm/(${PACKAGES})[+@]`;
const TESTS = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-folder-reaches-io',
      comment:
        'fleet/, detect/, eta/, lib/ and dispatch/{routing,suggest,planning,orders} are pure logic: they ' +
        'take their I/O as dependencies and never reach the database, Fastify, Socket.IO or the ' +
        'simulator themselves.',
      severity: 'error',
      from: { path: PURE, pathNot: TESTS },
      to: { path: IO, reachable: true },
    },
    {
      name: 'capability-folder-cycle',
      comment:
        'Capability folders depend on each other in one direction only: a cycle between folders ' +
        'means two capabilities cannot be understood or changed apart.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^server/src/' },
      to: { circular: true },
    },
    {
      name: 'module-cycle',
      comment: 'No module reaches itself through its imports.',
      severity: 'error',
      from: { path: '^(server|shared)/src/' },
      to: { circular: true },
    },
    {
      name: 'server-entry-reaches-tools',
      comment:
        "The server's own entry (pnpm server, production) loads no simulator, benchmark, " +
        'harness or test module.',
      severity: 'error',
      from: { path: '^server/src/main\\.ts$' },
      to: { path: '^(server/src/simulator/|server/src/cli/|test/)', reachable: true },
    },
    {
      name: 'product-imports-tests',
      comment:
        'Tools depend on the product, never the reverse: product code does not import test ' +
        'helpers, factories, harnesses or benchmarks.',
      severity: 'error',
      from: { path: '^(server|shared)/src/', pathNot: TESTS },
      to: { path: '^test/' },
    },
    {
      name: 'product-imports-simulator',
      comment:
        'Only the start command (cli/) and the simulator itself use the simulator; the server ' +
        'runs without it.',
      severity: 'error',
      from: { path: '^server/src/', pathNot: `^server/src/(cli|simulator)/|${TESTS}` },
      to: { path: '^server/src/simulator/' },
    },
    {
      name: 'capability-imports-composition-root',
      comment:
        'Only the entries (main.ts, cli/) and tools build the app; capabilities are given what ' +
        'they use instead of reaching for the whole.',
      severity: 'error',
      from: { path: '^server/src/[^/]+/', pathNot: `^server/src/cli/|${TESTS}` },
      // app.ts and the builders beside it (app-*.ts).
      to: { path: '^server/src/app[.-]' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests may use anything; the rules are about what the product is made of.
    exclude: { path: '\\.test\\.ts$|(^|/)(\\.svelte-kit|build|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

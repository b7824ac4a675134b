/**
 * The real dispatch server in its own process, for the ingest, fleet and notify benches. From
 * the environment the orchestrator passes (DATABASE_URL or DATA_DIR, ADMIN_EMAIL/ADMIN_PASSWORD,
 * any server setting), plus the bench's own: BENCH_NETWORK (`grid` or `osm`, with BENCH_OSM_FILE)
 * gives the server a street network as `pnpm start` does, and BENCH_SUGGESTIONS=off runs it with
 * the suggestion triggers off. It prints `{"port":…}` on stdout and reports over IPC (and makes
 * stops' tracking links when asked); SIGTERM shuts it down cleanly.
 */
import { buildApp, type AppOptions } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { exitCleanlyOnSignal, report, serveRequests } from './child-ipc';
import { loadStreets } from './fleet-streets';
import type { TargetReport, TargetRequest } from './messages';

/** The street network option of `buildApp`, as `pnpm start` sets it (OSM streets also route ETAs). */
async function streetOptions(env: NodeJS.ProcessEnv): Promise<AppOptions> {
  const kind = env.BENCH_NETWORK;
  if (kind !== 'grid' && kind !== 'osm') return {};
  const network = await loadStreets(kind, env.BENCH_OSM_FILE ?? '');
  return { streets: network, roads: kind === 'osm' ? network : null };
}

async function main(): Promise<void> {
  const suggestionsOff = process.env.BENCH_SUGGESTIONS === 'off';
  const config = loadConfig(
    { LOG_LEVEL: 'warn', ...process.env, ...(suggestionsOff ? { SUGGESTIONS: 'off' } : {}) },
    { PORT: 0, OSMAND_PORT: 0, HOST: '127.0.0.1' },
  );
  const app = await buildApp(config, await streetOptions(process.env));
  exitCleanlyOnSignal(() => app.close());
  // A server without the SUGGESTIONS setting still lets the bench stop its triggers by hand.
  const setting = (config as unknown as Record<string, unknown>).SUGGESTIONS;
  if (suggestionsOff && setting !== 'off') await app.triggers.stop();
  const { port, osmandPort } = await app.listen();
  serveRequests(async () => {
    const [row] = await app.db.query<{ n: number }>('select count(*)::int as n from pings');
    return row?.n ?? -1;
  });
  const suggestions = suggestionsOff
    ? setting === 'off'
      ? 'off (SUGGESTIONS=off)'
      : 'off (triggers stopped)'
    : 'on';
  process.on('message', (raw) => {
    const request = raw as TargetRequest;
    if (request.type !== 'tracking-links') return;
    app.customers.links.linksFor(request.stopIds).then(
      (links) => report<TargetReport>({ type: 'tracking-links', links: [...links] }),
      (err: unknown) => {
        console.error('making tracking links failed', err);
        report<TargetReport>({ type: 'tracking-links', links: [] });
      },
    );
  });
  console.log(JSON.stringify({ port, database: app.db.kind, suggestions }));
  report<TargetReport>({ type: 'listening', port, osmandPort });
}

main().catch((err: unknown) => {
  console.error('bench server failed to start', err);
  process.exit(1);
});

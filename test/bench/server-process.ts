/**
 * The real dispatch server in its own process, for the ingest bench. Configured from the
 * environment the orchestrator passes (DATABASE_URL or DATA_DIR, ADMIN_EMAIL/ADMIN_PASSWORD),
 * it prints `{"port":…}` on stdout and reports over IPC; SIGTERM shuts it down cleanly.
 */
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { exitCleanlyOnSignal, report, serveRequests } from './child-ipc';
import type { TargetReport } from './messages';

async function main(): Promise<void> {
  const config = loadConfig(
    { LOG_LEVEL: 'warn', ...process.env },
    { PORT: 0, OSMAND_PORT: 0, HOST: '127.0.0.1' },
  );
  const app = await buildApp(config);
  exitCleanlyOnSignal(() => app.close());
  const { port } = await app.listen();
  serveRequests(async () => {
    const [row] = await app.db.query<{ n: number }>('select count(*)::int as n from pings');
    return row?.n ?? -1;
  });
  console.log(JSON.stringify({ port, database: app.db.kind }));
  report<TargetReport>({ type: 'listening', port });
}

main().catch((err: unknown) => {
  console.error('bench server failed to start', err);
  process.exit(1);
});

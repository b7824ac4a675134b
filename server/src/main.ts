import { buildApp } from './app';
import { loadConfig } from './config';

/** The longest a graceful shutdown may take (the ping buffer's flush gives up after 10 s). */
const SHUTDOWN_DEADLINE_MS = 30_000;

/** Starts the server from the environment and shuts it down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  const { port, osmandPort } = await app.listen();
  app.http.log.info({ port, osmandPort, database: app.db.kind }, 'dispatch server listening');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.http.log.info({ signal }, 'shutting down');
    // A shutdown stuck on an unreachable dependency must not keep the node from exiting.
    setTimeout(() => {
      app.http.log.error({ signal }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.http.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

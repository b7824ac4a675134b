import type { BenchDatabase } from './bench-db';
import { killAllChildren } from './children';

/**
 * Runs a benchmark's `main` and exits with its outcome; gives up (exit 1) after `deadlineMs`, so
 * a bench always stops by itself.
 */
export function runBench(
  main: () => Promise<void>,
  deadlineMs: number,
  log: (message: string) => void,
): void {
  const deadline = setTimeout(() => {
    log(`gave up after ${deadlineMs / 1000} s`);
    process.exit(1);
  }, deadlineMs);
  deadline.unref();
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}

/** How long a bench of child processes may run before it is aborted, unless it says. */
const CHILDREN_BENCH_DEADLINE_MS = 10 * 60_000;

/**
 * Runs a benchmark's `main` that starts child processes and a bench database, and exits with its
 * outcome. On failure, on SIGINT or SIGTERM, or after `deadlineMs` (10 minutes) it kills every
 * child and drops the database `activeDatabase` names then before exiting, so nothing is left
 * behind.
 */
export function runChildrenBench(
  main: () => Promise<void>,
  activeDatabase: () => BenchDatabase | null,
  { deadlineMs = CHILDREN_BENCH_DEADLINE_MS }: { deadlineMs?: number } = {},
): void {
  /** Error and signal path: no child process or bench database is left behind. */
  async function abort(reason: string, code: number): Promise<never> {
    console.error(reason);
    killAllChildren();
    const db = activeDatabase();
    await db?.drop().catch(() => undefined);
    process.exit(code);
  }

  const minutes = Math.round(deadlineMs / 60_000);
  const watchdog = setTimeout(
    () => void abort(`bench ran over ${minutes} minutes; aborting`, 1),
    deadlineMs,
  );
  watchdog.unref();
  process.on('SIGINT', () => void abort('interrupted', 130));
  process.on('SIGTERM', () => void abort('terminated', 143));
  main().then(
    () => process.exit(0),
    (err: unknown) =>
      abort(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1),
  );
}

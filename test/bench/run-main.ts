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

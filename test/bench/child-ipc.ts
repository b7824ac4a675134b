import { startCpuProfile, stopCpuProfile } from './cpu-profiler';
import type { TargetReport, TargetRequest } from './messages';

/** Sends a report to the orchestrator over the IPC channel (a no-op when run standalone). */
export function report<T extends object>(message: T): void {
  process.send?.(message);
}

/** This process's CPU time and resident memory, for the orchestrator's table. */
export function ownStats(): TargetReport {
  const cpu = process.cpuUsage();
  return { type: 'stats', cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage().rss };
}

/** Answers the orchestrator's requests; `countPings` is asked only of servers. */
export function serveRequests(countPings: () => Promise<number>): void {
  process.on('message', (raw) => {
    const request = raw as TargetRequest;
    if (request.type === 'stats') report(ownStats());
    else if (request.type === 'profile-start') {
      startCpuProfile().then(
        () => report<TargetReport>({ type: 'profile-started' }),
        (err: unknown) => console.error('starting the profiler failed', err),
      );
    } else if (request.type === 'profile-stop') {
      stopCpuProfile(request.path).then(
        () => report<TargetReport>({ type: 'profile-saved', path: request.path }),
        (err: unknown) => console.error('saving the profile failed', err),
      );
    } else if (request.type === 'count-pings') {
      countPings().then(
        (rows) => report<TargetReport>({ type: 'count', rows }),
        (err: unknown) => {
          console.error('counting pings failed', err);
          report<TargetReport>({ type: 'count', rows: -1 });
        },
      );
    }
  });
}

/**
 * Runs `stop` once on SIGTERM/SIGINT or when the orchestrator goes away (IPC closes), then exits,
 * so no child outlives a crashed or interrupted bench.
 */
export function exitCleanlyOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(2), 15_000);
    force.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown);
}

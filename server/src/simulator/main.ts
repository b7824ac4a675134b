import { parseSimArgs, SIM_USAGE, type SimOptions } from './args';
import { startFleet, type FleetStats } from './fleet';

const PROGRESS_EVERY_MS = 10_000;

function progressLine(s: FleetStats): string {
  return (
    `[sim] connected ${s.connected}/${s.couriers} | pings recorded ${s.pingsRecorded} ` +
    `sent ${s.pingsSent} acked ${s.pingsAcked} queued ${s.queued}` +
    (s.droppedPings > 0 ? ` dropped ${s.droppedPings}` : '') +
    (s.batchesRetried + s.batchesRejected > 0
      ? ` | batches retried ${s.batchesRetried} refused ${s.batchesRejected}`
      : '') +
    ` | incidents active ${s.incidentsActive} (total ${s.incidentsTotal})`
  );
}

function readOptions(): SimOptions | 'help' {
  try {
    return parseSimArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${SIM_USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options === 'help') {
    console.log(SIM_USAGE);
    return;
  }

  const fleet = await startFleet({ ...options, log: (line) => console.log(`[sim] ${line}`) });
  const progress = setInterval(() => console.log(progressLine(fleet.stats())), PROGRESS_EVERY_MS);

  let shuttingDown = false;
  const shutdown = async (why: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    clearInterval(progress);
    console.log(`[sim] ${why}: flushing and closing`);
    await fleet.stop();
    console.log(progressLine(fleet.stats()));
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
  if (options.durationS !== null) {
    setTimeout(() => void shutdown(`${options.durationS} s elapsed`), options.durationS * 1000);
  }
}

main().catch((err: unknown) => {
  console.error(`[sim] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

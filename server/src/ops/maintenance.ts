import { ensurePingPartitions } from '../db/migrate';
import type { Database } from '../db/client';
import type { FleetState } from '../fleet/fleet-state';

const HOUR_MS = 3_600_000;
/** How often couriers silent too long are marked offline on the map. */
const OFFLINE_SWEEP_MS = 5000;

/**
 * Housekeeping while the server runs: ping partitions created ahead and expired sessions purged
 * every hour, silent couriers marked offline every few seconds. Returns the function that stops it.
 */
export function startMaintenance(deps: {
  db: Database;
  sessions: { purgeExpiredSessions(): Promise<void> };
  fleet: Pick<FleetState, 'markSilentOffline'>;
  offlineAfterMs: number;
  log: { error: (o: object, msg: string) => void };
}): () => void {
  const { db, sessions, fleet, offlineAfterMs, log } = deps;
  const timers = [
    setInterval(() => {
      ensurePingPartitions(db).catch((err: unknown) =>
        log.error({ err }, 'creating ping partitions failed'),
      );
      sessions
        .purgeExpiredSessions()
        .catch((err: unknown) => log.error({ err }, 'purging sessions failed'));
    }, HOUR_MS),
    setInterval(() => fleet.markSilentOffline(Date.now(), offlineAfterMs), OFFLINE_SWEEP_MS),
  ];
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearInterval(t);
  };
}

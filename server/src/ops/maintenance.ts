import { ensurePingPartitions } from '../db/migrate';
import type { Database } from '../db/client';
import type { FleetState } from '../fleet/fleet-state';

const HOUR_MS = 3_600_000;
/** How often couriers silent too long are marked offline on the map. */
const OFFLINE_SWEEP_MS = 5000;

/**
 * Housekeeping while the server runs: every hour, ping partitions created ahead, expired sessions
 * purged, device actions' and orders' stored answers older than a week forgotten and the
 * notifications outbox's finished history older than 30 days pruned; every few seconds, silent
 * couriers marked offline. Returns the function that stops it.
 */
export function startMaintenance(deps: {
  db: Database;
  sessions: { purgeExpiredSessions(): Promise<void> };
  /** Forgets the stored answers of device actions past their replay window. */
  deviceActions: { pruneExpired(): Promise<unknown> };
  /** Forgets orders' idempotency keys past their replay window (a week). */
  idempotencyKeys: { pruneExpired(): Promise<unknown> };
  /** Forgets finished notification deliveries and their events (`notifications/outbox-retention`). */
  outbox: { pruneExpired(): Promise<unknown> };
  fleet: Pick<FleetState, 'markSilentOffline'>;
  offlineAfterMs: number;
  log: { error: (o: object, msg: string) => void };
}): () => void {
  const { db, sessions, deviceActions, idempotencyKeys, outbox, fleet, offlineAfterMs, log } = deps;
  const timers = [
    setInterval(() => {
      ensurePingPartitions(db).catch((err: unknown) =>
        log.error({ err }, 'creating ping partitions failed'),
      );
      sessions
        .purgeExpiredSessions()
        .catch((err: unknown) => log.error({ err }, 'purging sessions failed'));
      deviceActions
        .pruneExpired()
        .catch((err: unknown) => log.error({ err }, 'pruning device actions failed'));
      idempotencyKeys
        .pruneExpired()
        .catch((err: unknown) => log.error({ err }, 'pruning idempotency keys failed'));
      outbox
        .pruneExpired()
        .catch((err: unknown) => log.error({ err }, 'pruning the notifications outbox failed'));
    }, HOUR_MS),
    setInterval(() => fleet.markSilentOffline(Date.now(), offlineAfterMs), OFFLINE_SWEEP_MS),
  ];
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearInterval(t);
  };
}

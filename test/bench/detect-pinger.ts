import { courierCell } from '@dispatch/shared';
import type { PingRow } from '../../server/src/ingest/ping-rows';
import type { App } from '../../server/src/app';
import type { Rng } from '../../server/src/lib/rng';
import { nextFix, type MovingCourier } from './detect-fleet';

/** Slices per second: fixes arrive spread over time as devices send them. */
const SLICES_PER_S = 10;
const DEVICE_LAG_MS = 300;

/** A running fleet of pinging couriers. */
export interface FleetPinger {
  /** Stops sending for this courier; returns the server time of its last ping, or null if none. */
  silence(courierId: number): number | null;
  /** Pings handed to the server so far. */
  readonly sent: number;
  /** How far the pinger fell behind its schedule at worst since the last reset, ms. */
  readonly worstLateMs: number;
  resetWorstLate(): void;
  stop(): void;
}

/**
 * Sends one fix per courier every `everyS` seconds, spread over slices of 100 ms, to the
 * server exactly as its ping writer hands over committed rows (`app.pingsCommitted`: the live
 * fleet, detection and the learned speeds). The database write
 * of the pings is left out: this measures detection, not ingest.
 */
export function startFleetPinger(
  app: Pick<App, 'pingsCommitted'>,
  couriers: readonly MovingCourier[],
  everyS: number,
  rng: Rng,
): FleetPinger {
  const slices = Math.max(1, Math.round(everyS * SLICES_PER_S));
  const sliceMs = (everyS * 1000) / slices;
  const perSlice = Math.ceil(couriers.length / slices);
  const lastReceivedAt = new Map<number, number>();
  const silenced = new Set<number>();
  const startedAt = Date.now();
  let slice = 0;
  let sent = 0;
  let worstLateMs = 0;
  let timer: NodeJS.Timeout | null = null;
  const seqs = new Map<number, number>();

  const step = () => {
    const now = Date.now();
    worstLateMs = Math.max(worstLateMs, now - (startedAt + slice * sliceMs));
    const from = (slice % slices) * perSlice;
    const rows: PingRow[] = [];
    for (const courier of couriers.slice(from, from + perSlice)) {
      if (silenced.has(courier.id)) continue;
      const fix = nextFix(courier, now - DEVICE_LAG_MS, rng);
      const seq = (seqs.get(courier.id) ?? 0) + 1;
      seqs.set(courier.id, seq);
      rows.push({
        courierId: courier.id,
        seq,
        t: fix.t,
        receivedAt: now,
        lat: fix.lat,
        lng: fix.lng,
        accuracyMeters: fix.accuracyMeters,
        speedMps: courier.speedMps,
        heading: courier.headingDeg,
        battery: 0.8,
        cell: courierCell(fix.lat, fix.lng),
      });
      lastReceivedAt.set(courier.id, now);
    }
    app.pingsCommitted(rows);
    sent += rows.length;
    slice++;
    timer = setTimeout(step, Math.max(0, startedAt + slice * sliceMs - Date.now()));
  };
  step();

  return {
    silence(courierId) {
      silenced.add(courierId);
      return lastReceivedAt.get(courierId) ?? null;
    },
    get sent() {
      return sent;
    },
    get worstLateMs() {
      return worstLateMs;
    },
    resetWorstLate() {
      worstLateMs = 0;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

import { DomainError, courierCell, type Ping, type PingReceipt } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { FleetState } from '../fleet/fleet-state';
import type { Metrics } from '../ops/metrics';
import { flagJumps, type FixFlag, type JumpState } from './jump-check';
import type { PingRow } from './ping-rows';
import type { PingSink } from './ping-writer-pool';
import { SeqWindow } from './seq-window';

interface DeviceState {
  window: SeqWindow;
  /** Commit of the latest submission holding this device's pings. */
  pending: Promise<void> | null;
  /** Sequence numbers below the window being written now (rare: very late resends). */
  oldPending: Set<number>;
  /** Serialises the slow path that asks the database about old sequence numbers. */
  slowPath: Promise<unknown>;
  /** The courier's live position (latest fix not flagged) and recent jumps, for the jump check. */
  jumps: JumpState;
}

export interface IngestOptions {
  /** How long a device waits for its ack before being told to resend, ms. */
  ackTimeoutMs: number;
  /** Sequence numbers per device remembered in memory for deduplication. */
  dedupeWindow: number;
  /** A fix implying a faster move from the live position is stored flagged `jump`. */
  maxSpeedKmh: number;
}

/**
 * The ping pipeline after validation: dedupe by (courier, seq), flag jumps (`jump-check.ts`),
 * bucket into H3 cells, hand to group commit, and answer only once everything in the batch is
 * durable. Every way in (socket, REST, OsmAnd) comes through here.
 */
export class IngestService {
  private readonly devices = new Map<number, Promise<DeviceState>>();
  private taking = true;

  constructor(
    private readonly db: Database,
    private readonly writer: PingSink,
    private readonly metrics: Metrics,
    private readonly options: IngestOptions,
  ) {}

  /**
   * Applies durable pings to the live fleet; wired as the writer's commit callback. Flagged
   * fixes are stored but move nothing.
   */
  static applyCommitted(fleet: FleetState, rows: readonly PingRow[]): void {
    for (const r of rows) {
      if (r.flag) continue;
      fleet.applyFix(
        r.courierId,
        {
          t: r.t,
          lat: r.lat,
          lng: r.lng,
          speedMps: r.speedMps,
          heading: r.heading,
          accuracyMeters: r.accuracyMeters,
          battery: r.battery,
        },
        r.receivedAt,
        r.cell,
      );
    }
  }

  /**
   * Stores a validated batch for one courier; rejects with a DomainError. Bounded by the ack
   * timeout as a whole: work still under way when it fires may finish later, and the device's
   * resend is then recognised as a duplicate.
   */
  accept(courierId: number, pings: readonly Ping[], receivedAt: number): Promise<PingReceipt> {
    if (!this.taking) {
      return Promise.reject(
        new DomainError('unavailable', 'the server is shutting down; resend the pings later'),
      );
    }
    this.metrics.pingsReceived.inc(pings.length);
    return this.withAckTimeout(this.store(courierId, pings, receivedAt));
  }

  /**
   * Refuses batches from now on (a node shutting down), so its last commits hold everything it
   * will acknowledge; batches already taken are still stored and answered.
   */
  stopTaking(): void {
    this.taking = false;
  }

  /**
   * Drops what this node remembers of a device's sequence numbers, so its next batch reloads
   * them from the table. In a cluster a device that comes back may have sent pings through
   * another node meanwhile; commits that are still under way here keep their old state.
   */
  forgetDevice(courierId: number): void {
    this.devices.delete(courierId);
  }

  private async store(
    courierId: number,
    pings: readonly Ping[],
    receivedAt: number,
  ): Promise<PingReceipt> {
    const device = await this.deviceState(courierId);
    const fresh: Ping[] = [];
    const unknown: Ping[] = [];
    let duplicates = 0;
    let upTo = -1;
    for (const p of pings) {
      if (p.seq > upTo) upTo = p.seq;
      const seen = device.window.has(p.seq);
      if (seen === true) duplicates++;
      else if (seen === 'unknown') unknown.push(p);
      else {
        device.window.add(p.seq);
        fresh.push(p);
      }
    }
    if (unknown.length > 0) {
      const old = await this.filterOldSeqs(courierId, device, unknown);
      duplicates += unknown.length - old.length;
      fresh.push(...old);
    }
    if (duplicates > 0) this.metrics.pingsDuplicate.inc(duplicates);

    let commit: Promise<void> | null = device.pending;
    if (fresh.length > 0) {
      const checked = flagJumps(device.jumps, fresh, this.options.maxSpeedKmh);
      device.jumps = checked.state;
      const rows = fresh.map((p, i) => toRow(courierId, p, receivedAt, checked.flags[i]!));
      try {
        commit = this.writer.submit(courierId, rows);
      } catch (refusal) {
        this.forget(device, fresh);
        throw refusal;
      }
      device.pending = commit;
      commit.then(
        () => {
          for (const p of fresh) device.oldPending.delete(p.seq);
          if (device.pending === commit) device.pending = null;
        },
        () => {
          this.forget(device, fresh);
          if (device.pending === commit) device.pending = null;
        },
      );
    }
    if (commit) await commit;
    return { upTo, stored: fresh.length, duplicates };
  }

  /** Not stored: forget these numbers so the device's resend is taken. */
  private forget(device: DeviceState, pings: readonly Ping[]): void {
    for (const p of pings) {
      device.window.remove(p.seq);
      device.oldPending.delete(p.seq);
    }
  }

  private async withAckTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DomainError(
              'unavailable',
              'the database is slow to confirm; keep the pings and resend',
            ),
          ),
        this.options.ackTimeoutMs,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private deviceState(courierId: number): Promise<DeviceState> {
    let state = this.devices.get(courierId);
    if (!state) {
      state = this.hydrate(courierId);
      this.devices.set(courierId, state);
      state.catch(() => this.devices.delete(courierId));
    }
    return state;
  }

  /**
   * Loads the device's recent sequence numbers, so dedupe survives a restart, and the courier's
   * live position, so the jump check does too.
   */
  private async hydrate(courierId: number): Promise<DeviceState> {
    const window = new SeqWindow(this.options.dedupeWindow);
    const rows = await this.db.query<{ seq: number }>(
      `select seq::float8 as seq from pings
       where courier_id = $1
         and seq > coalesce((select max(seq) from pings where courier_id = $1), 0) - $2`,
      [courierId, this.options.dedupeWindow],
    );
    let max = -1;
    for (const r of rows) max = Math.max(max, r.seq);
    if (max >= 0) window.add(max);
    for (const r of rows) window.add(r.seq);
    const [last] = await this.db.query<{
      t: number | null;
      lat: number | null;
      lng: number | null;
    }>(
      `select (extract(epoch from last_fix_at) * 1000)::float8 as t, last_lat as lat, last_lng as lng
       from couriers where id = $1`,
      [courierId],
    );
    const live =
      last && last.t !== null && last.lat !== null && last.lng !== null
        ? { t: last.t, lat: last.lat, lng: last.lng }
        : null;
    return {
      window,
      pending: null,
      oldPending: new Set(),
      slowPath: Promise.resolve(),
      jumps: { live, suspects: [] },
    };
  }

  /** Of pings older than the window, those not already stored or being stored. */
  private filterOldSeqs(
    courierId: number,
    device: DeviceState,
    candidates: Ping[],
  ): Promise<Ping[]> {
    const run = device.slowPath.then(async () => {
      const seqs = candidates.map((p) => p.seq);
      const stored = await this.db.query<{ seq: number }>(
        'select seq::float8 as seq from pings where courier_id = $1 and seq = any($2::int8[])',
        [courierId, `{${seqs.join(',')}}`],
      );
      const known = new Set(stored.map((r) => r.seq));
      const out: Ping[] = [];
      for (const p of candidates) {
        if (known.has(p.seq) || device.oldPending.has(p.seq)) continue;
        known.add(p.seq);
        device.oldPending.add(p.seq);
        out.push(p);
      }
      return out;
    });
    device.slowPath = run.catch(() => undefined);
    return run;
  }
}

function toRow(courierId: number, p: Ping, receivedAt: number, flag: FixFlag): PingRow {
  return {
    courierId,
    seq: p.seq,
    t: p.t,
    receivedAt,
    lat: p.lat,
    lng: p.lng,
    accuracyMeters: p.acc ?? null,
    speedMps: p.spd ?? null,
    heading: p.hdg ?? null,
    battery: p.bat ?? null,
    cell: courierCell(p.lat, p.lng),
    flag,
  };
}

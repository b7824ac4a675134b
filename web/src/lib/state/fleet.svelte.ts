import {
  COURIER_STATUSES,
  type Courier,
  type CourierStatus,
  type FleetColumns,
  type FleetDelta,
  type Vehicle,
} from '@dispatch/shared';
import { minuteOfDay } from '../ui/clock-time';
import { FleetTable, UNKNOWN_ROOM } from './fleet-table';

/**
 * What the console knows about a courier besides its position (from `GET /api/v1/couriers`);
 * `status` is the last one the REST list reported, used while the courier is not in view.
 */
export type CourierListing = Pick<
  Courier,
  'id' | 'name' | 'vehicle' | 'hubId' | 'status' | 'shiftStartMinute' | 'shiftEndMinute'
>;

/** One line of the courier list. */
export interface CourierListRow {
  id: number;
  name: string;
  vehicle: Vehicle | null;
  status: CourierStatus;
  /** In the streamed view (has a live position). */
  inView: boolean;
  stale: boolean;
  onShift: boolean;
}

/** Whether a minute of the day falls in a shift; shifts may run past midnight (start > end). */
export function isOnShift(startMinute: number, endMinute: number, minuteOfDay: number): boolean {
  if (startMinute === endMinute) return true;
  if (startMinute < endMinute) return minuteOfDay >= startMinute && minuteOfDay < endMinute;
  return minuteOfDay >= startMinute || minuteOfDay < endMinute;
}

/** The minute of the hub's day (shift minutes are in its time zone). */
export function localMinuteOfDay(at: number): number {
  return minuteOfDay(at);
}

interface PendingDelta {
  delta: FleetDelta;
  receivedAt: number;
}

/**
 * The live fleet on the console: positions from snapshots and deltas (in a FleetTable), the
 * courier roster from REST, list filters and staleness. Deltas are queued as they arrive and
 * applied together by `flush` once per animation frame; `version` bumps once per flush so views
 * redraw once per frame, never once per message. `listVersion` bumps only when what the courier
 * list shows changed (who is in view, a status, staleness), so moves alone never rebuild the list.
 */
export class Fleet {
  readonly table: FleetTable;
  /** Bumps whenever positions, statuses or staleness changed. */
  version = $state(0);
  /** Bumps when couriers join or leave the view, change status or go stale (not on moves). */
  listVersion = $state(0);
  /** Whether the console socket is live; when it is not, every position is stale. */
  live = $state(false);
  roster = $state.raw(new Map<number, CourierListing>());
  statusFilter = $state.raw(new Set<CourierStatus>(COURIER_STATUSES));
  search = $state('');
  hideOffShift = $state(false);
  /** A fix older than this many broadcast ticks is drawn as stale. */
  staleAfterTicks: number;

  #pending: PendingDelta[] = [];
  #listRevision = 0;
  /** The minute the list was last built for: shifts start and end on minutes. */
  #listMinute = 0;
  #flushedAt = 0;
  #staleCount = 0;
  #staleCheckedAt = 0;
  #rosterOrder: number[] = [];

  constructor(options: { tickMs?: number; staleAfterTicks?: number } = {}) {
    this.table = new FleetTable(options.tickMs ?? 500);
    this.staleAfterTicks = options.staleAfterTicks ?? 60;
  }

  get tickMs(): number {
    return this.table.moveMs;
  }

  set tickMs(ms: number) {
    this.table.moveMs = ms;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  setRoster(profiles: readonly CourierListing[]): void {
    this.roster = new Map(profiles.map((p) => [p.id, p]));
    this.#rosterOrder = [...profiles]
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
      .map((p) => p.id);
  }

  setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    this.version++;
    this.listVersion++;
  }

  /** Replaces the whole fleet with a fresh snapshot (after `view`); queued deltas are older. */
  applySnapshot(cols: FleetColumns, receivedAt = Date.now()): void {
    this.#pending = [];
    this.table.clear();
    this.table.applyColumns(cols, receivedAt, receivedAt, UNKNOWN_ROOM, false);
    this.#flushedAt = receivedAt;
    this.#staleCount = this.#countStale(receivedAt);
    this.#listRevision = this.table.listRevision;
    this.#listMinute = Math.floor(receivedAt / 60_000);
    this.version++;
    this.listVersion++;
  }

  /** Keeps a delta for the next flush; cheap, as it runs once per socket message. */
  queueDelta(delta: FleetDelta, receivedAt = Date.now()): void {
    this.#pending.push({ delta, receivedAt });
  }

  /**
   * Applies every queued delta in arrival order and bumps `version` once. Without deltas it only
   * re-checks staleness (once a second). Returns whether anything visible changed.
   */
  flush(now = Date.now()): boolean {
    let changed = 0;
    if (this.#pending.length > 0) {
      const pending = this.#pending;
      this.#pending = [];
      for (const { delta, receivedAt } of pending) {
        const room = this.table.roomIndex(delta.room);
        changed += this.table.applyColumns(delta, receivedAt, now, room, true);
        if (delta.gone.length > 0) changed += this.table.removeGone(delta.gone, room);
      }
    }
    this.#flushedAt = now;
    if (changed === 0 && now - this.#staleCheckedAt < 1000) return false;
    const stale = this.#countStale(now);
    const minute = Math.floor(now / 60_000);
    if (changed === 0 && stale === this.#staleCount && minute === this.#listMinute) return false;
    const listChanged =
      stale !== this.#staleCount ||
      this.table.listRevision !== this.#listRevision ||
      minute !== this.#listMinute;
    this.#staleCount = stale;
    this.#listRevision = this.table.listRevision;
    this.#listMinute = minute;
    this.version++;
    if (listChanged) this.listVersion++;
    return true;
  }

  /** Whether the fix of a slot is too old to trust, or the stream is down. */
  isStaleSlot(slot: number, now: number): boolean {
    if (!this.live) return true;
    return now - this.table.fixAt[slot]! > this.staleAfterTicks * this.tickMs;
  }

  statusOfSlot(slot: number): CourierStatus {
    return COURIER_STATUSES[this.table.status[slot]!] ?? 'offline';
  }

  /**
   * A filter for the current list settings (status, name search, off-shift), reading the
   * settings once so it can run over 10,000 couriers per frame.
   */
  filter(minuteOfDay: number): (id: number, status: CourierStatus) => boolean {
    const statuses = this.statusFilter;
    const roster = this.roster;
    const query = this.search.trim().toLowerCase();
    const hideOffShift = this.hideOffShift;
    return (id, status) => {
      if (!statuses.has(status)) return false;
      const profile = roster.get(id);
      if (query && !(profile?.name ?? `courier ${id}`).toLowerCase().includes(query)) return false;
      if (hideOffShift && profile) {
        return isOnShift(profile.shiftStartMinute, profile.shiftEndMinute, minuteOfDay);
      }
      return true;
    };
  }

  /** The courier list: the roster merged with live state, filtered, in name order. */
  rows = $derived.by((): CourierListRow[] => {
    void this.listVersion;
    const now = this.#flushedAt || Date.now();
    const minute = localMinuteOfDay(now);
    const passes = this.filter(minute);
    const rows: CourierListRow[] = [];
    const push = (id: number, profile: CourierListing | undefined) => {
      const slot = this.table.slotOf(id);
      const status = slot === undefined ? (profile?.status ?? 'offline') : this.statusOfSlot(slot);
      if (!passes(id, status)) return;
      rows.push({
        id,
        name: profile?.name ?? `Courier ${id}`,
        vehicle: profile?.vehicle ?? null,
        status,
        inView: slot !== undefined,
        stale: slot === undefined || this.isStaleSlot(slot, now),
        onShift: profile
          ? isOnShift(profile.shiftStartMinute, profile.shiftEndMinute, minute)
          : true,
      });
    };
    for (const id of this.#rosterOrder) push(id, this.roster.get(id));
    for (let slot = 0; slot < this.table.count; slot++) {
      const id = this.table.ids[slot]!;
      if (!this.roster.has(id)) push(id, undefined);
    }
    return rows;
  });

  /** The latest fix of every courier in view, for tests and debugging. */
  positions(): Record<number, { lat: number; lng: number; t: number; status: CourierStatus }> {
    const out: Record<number, { lat: number; lng: number; t: number; status: CourierStatus }> = {};
    const { table } = this;
    for (let slot = 0; slot < table.count; slot++) {
      out[table.ids[slot]!] = {
        lat: table.toLat[slot]!,
        lng: table.toLng[slot]!,
        t: table.fixAt[slot]!,
        status: this.statusOfSlot(slot),
      };
    }
    return out;
  }

  #countStale(now: number): number {
    this.#staleCheckedAt = now;
    const { count, fixAt } = this.table;
    if (!this.live) return count;
    const oldest = now - this.staleAfterTicks * this.tickMs;
    let stale = 0;
    for (let slot = 0; slot < count; slot++) if (fixAt[slot]! < oldest) stale++;
    return stale;
  }
}

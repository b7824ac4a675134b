import {
  COURIER_STATES,
  MOVEMENTS,
  movementOf,
  type CourierLateness,
  type CourierState,
} from '../state/fleet-lateness';
import { localMinuteOfDay, type Fleet } from '../state/fleet.svelte';
import { mercatorX, mercatorY } from './mercator';

/** Floats per courier in the vertex data. */
export const FLOATS_PER_COURIER = 8;

/** Where each field sits within a courier's floats. */
export const FIELD = {
  /** Glide start and end as mercator offsets from the origin. */
  fromX: 0,
  fromY: 1,
  toX: 2,
  toY: 3,
  /** When the glide started, ms after `epochMs`. */
  moveStart: 4,
  /** The fix time on the local clock, ms after `epochMs` (for staleness). */
  fixAt: 5,
  /** Degrees clockwise from north; -1 when unknown. */
  heading: 6,
  /** The style code: see `styleCode`. */
  style: 7,
} as const;

/** The style code's parts: movement + 8 × state + the flags. */
export const STYLE_STATE_UNIT = 8;
export const STYLE_FLAG = { selected: 32, hidden: 64 } as const;

/**
 * A courier's style code for the GPU: its MOVEMENTS index (below 8), its COURIER_STATES index
 * times 8, and the STYLE_FLAG bits. Small integers, exact in a float.
 */
export function styleCode(
  movement: (typeof MOVEMENTS)[number],
  state: CourierState,
  flags: { selected: boolean; hidden: boolean },
): number {
  return (
    MOVEMENTS.indexOf(movement) +
    STYLE_STATE_UNIT * COURIER_STATES.indexOf(state) +
    (flags.selected ? STYLE_FLAG.selected : 0) +
    (flags.hidden ? STYLE_FLAG.hidden : 0)
  );
}

/** What a courier's look depends on besides its own fix. */
export interface CourierLook {
  /** Each courier's worst open stop and the alerts that explain it. */
  lateness: ReadonlyMap<number, CourierLateness>;
  /** The legend's filter: only couriers in this state are drawn. */
  stateFilter: CourierState | null;
  selectedId: number | null;
}

/**
 * How long times keep one base: float32 holds times within an hour of it to a quarter of a
 * millisecond, then everything is rewritten against a new base.
 */
export const EPOCH_SPAN_MS = 3_600_000;

/**
 * The couriers as GPU vertex data, one point per courier in fleet-table slot order: where its
 * glide starts and ends, when, its fix time, heading and style. Markers then glide and go stale
 * on the GPU from a clock uniform, so a frame without new fixes costs no work per courier here.
 * `sync` copies only the slots the table changed since the last call, unless something that
 * touches every marker changed (filters, lateness, selection), and keeps the range written for
 * the next upload.
 */
export class CourierVertices {
  data = new Float32Array(FLOATS_PER_COURIER * 256);
  /** Couriers in `data`. */
  count = 0;
  /** Local time that the times in `data` count from, ms. */
  epochMs = Number.NaN;
  /** Slots written since the last `takeWritten`, as a half-open range. */
  writtenFrom = Number.POSITIVE_INFINITY;
  writtenTo = 0;
  readonly originX: number;
  readonly originY: number;

  #revision = -1;
  /** What every marker's look was last written from; a change rewrites every slot. */
  readonly #writtenFor = {
    statusFilter: null as unknown,
    search: '',
    hideOffShift: false,
    roster: null as unknown,
    minute: -1,
    lateness: null as unknown,
    stateFilter: null as CourierState | null,
    selectedId: null as number | null,
  };

  /** `origin` is a place near the fleet; positions are kept as small offsets from it. */
  constructor(origin: { lat: number; lng: number }) {
    this.originX = mercatorX(origin.lng);
    this.originY = mercatorY(origin.lat);
  }

  /** Brings the data up to date with the fleet at `now`; returns whether any slot was written. */
  sync(fleet: Fleet, look: CourierLook, now: number): boolean {
    const { table } = fleet;
    if (table.count * FLOATS_PER_COURIER > this.data.length) this.#grow(table.count);
    const rebase = !(now - this.epochMs < EPOCH_SPAN_MS);
    const everySlot = this.#lookChanged(fleet, look, now) || rebase;
    const sinceRevision = this.#revision;
    this.#revision = table.revision;
    this.count = table.count;
    if (rebase) this.epochMs = now;
    if (!everySlot && table.revision === sinceRevision) return false;

    const passes = fleet.filter(localMinuteOfDay(now));
    const write = (slot: number) => this.#write(fleet, slot, passes, look);
    let written = 0;
    if (everySlot) {
      for (let slot = 0; slot < table.count; slot++) write(slot);
      written = table.count;
      this.#markWritten(0, table.count);
    } else {
      const revisions = table.slotRevision;
      let from = Number.POSITIVE_INFINITY;
      let to = 0;
      for (let slot = 0; slot < table.count; slot++) {
        if (revisions[slot]! <= sinceRevision) continue;
        write(slot);
        written++;
        if (slot < from) from = slot;
        to = slot + 1;
      }
      if (written > 0) this.#markWritten(from, to);
    }
    return written > 0;
  }

  /** The slot range written since the last call, or null; the caller uploads it. */
  takeWritten(): { from: number; to: number } | null {
    if (this.writtenTo <= this.writtenFrom) return null;
    const range = { from: this.writtenFrom, to: Math.min(this.writtenTo, this.count) };
    this.writtenFrom = Number.POSITIVE_INFINITY;
    this.writtenTo = 0;
    return range.to > range.from ? range : null;
  }

  /** Where a slot's marker is drawn at `now`, as a mercator offset, into `out`. */
  offsetAt(slot: number, now: number, moveMs: number, out: [number, number]): [number, number] {
    const d = this.data;
    const o = slot * FLOATS_PER_COURIER;
    const elapsed = now - this.epochMs - d[o + FIELD.moveStart]!;
    const t = moveMs <= 0 ? 1 : Math.min(1, Math.max(0, elapsed / moveMs));
    out[0] = d[o + FIELD.fromX]! + (d[o + FIELD.toX]! - d[o + FIELD.fromX]!) * t;
    out[1] = d[o + FIELD.fromY]! + (d[o + FIELD.toY]! - d[o + FIELD.fromY]!) * t;
    return out;
  }

  /** Whether a slot is drawn at all (the list filters may hide it). */
  isShown(slot: number): boolean {
    return (this.data[slot * FLOATS_PER_COURIER + FIELD.style]! & STYLE_FLAG.hidden) === 0;
  }

  #lookChanged(fleet: Fleet, look: CourierLook, now: number): boolean {
    const last = this.#writtenFor;
    const minute = fleet.hideOffShift ? localMinuteOfDay(now) : -1;
    const changed =
      last.statusFilter !== fleet.statusFilter ||
      last.search !== fleet.search ||
      last.hideOffShift !== fleet.hideOffShift ||
      last.roster !== fleet.roster ||
      last.minute !== minute ||
      last.lateness !== look.lateness ||
      last.stateFilter !== look.stateFilter ||
      last.selectedId !== look.selectedId;
    if (!changed) return false;
    last.statusFilter = fleet.statusFilter;
    last.search = fleet.search;
    last.hideOffShift = fleet.hideOffShift;
    last.roster = fleet.roster;
    last.minute = minute;
    last.lateness = look.lateness;
    last.stateFilter = look.stateFilter;
    last.selectedId = look.selectedId;
    return true;
  }

  #write(fleet: Fleet, slot: number, passes: ReturnType<Fleet['filter']>, look: CourierLook): void {
    const { table } = fleet;
    const d = this.data;
    const o = slot * FLOATS_PER_COURIER;
    const id = table.ids[slot]!;
    d[o + FIELD.fromX] = mercatorX(table.fromLng[slot]!) - this.originX;
    d[o + FIELD.fromY] = mercatorY(table.fromLat[slot]!) - this.originY;
    d[o + FIELD.toX] = mercatorX(table.toLng[slot]!) - this.originX;
    d[o + FIELD.toY] = mercatorY(table.toLat[slot]!) - this.originY;
    d[o + FIELD.moveStart] = table.moveStart[slot]! - this.epochMs;
    d[o + FIELD.fixAt] = table.fixAt[slot]! - this.epochMs;
    const heading = table.heading[slot]!;
    d[o + FIELD.heading] = Number.isNaN(heading) ? -1 : heading;
    const status = fleet.statusOfSlot(slot);
    const lateness = look.lateness.get(id);
    const state = lateness?.state ?? 'none';
    const shown = passes(id, status) && (look.stateFilter === null || look.stateFilter === state);
    d[o + FIELD.style] = styleCode(movementOf(status, lateness?.causes ?? []), state, {
      selected: id === look.selectedId,
      hidden: !shown,
    });
  }

  #markWritten(from: number, to: number): void {
    this.writtenFrom = Math.min(this.writtenFrom, from);
    this.writtenTo = Math.max(this.writtenTo, to);
  }

  #grow(count: number): void {
    let capacity = this.data.length / FLOATS_PER_COURIER;
    while (capacity < count) capacity *= 2;
    const next = new Float32Array(capacity * FLOATS_PER_COURIER);
    next.set(this.data);
    this.data = next;
  }
}

import type { FleetColumns } from '@dispatch/shared';

/** Room index of couriers that came from a snapshot, which does not say which room they are in. */
export const UNKNOWN_ROOM = -1;

/**
 * The live fleet as parallel typed arrays, one slot per courier, so 10,000 couriers cost a few
 * hundred kilobytes and a delta is applied in a tight loop without allocating objects.
 * Each slot keeps where the marker was (`from*`) and where the latest fix is (`to*`), and when the
 * move between them started, so the map can glide between fixes.
 */
export class FleetTable {
  count = 0;
  ids = new Int32Array(0);
  fromLat = new Float64Array(0);
  fromLng = new Float64Array(0);
  toLat = new Float64Array(0);
  toLng = new Float64Array(0);
  /** Local time the glide from `from` to `to` started, ms. */
  moveStart = new Float64Array(0);
  /** Fix time on the server clock, ms: decides which of two fixes is newer. */
  fixServerAt = new Float64Array(0);
  /** Fix time on the local clock (receipt time minus the server-reported age), ms: staleness. */
  fixAt = new Float64Array(0);
  /** Speed in m/s, NaN when unknown. */
  speedMps = new Float32Array(0);
  /** Heading in degrees, NaN when unknown. */
  heading = new Float32Array(0);
  /** Index into COURIER_STATUSES. */
  status = new Uint8Array(0);
  /** The res-5 room the courier was last reported in, as an index from `roomIndex`. */
  room = new Int32Array(0);
  /** The `revision` in which each slot last changed, so a view can copy only what changed. */
  slotRevision = new Uint32Array(0);
  /** Local time until which some marker is still gliding. */
  animateUntil = 0;
  /** Bumps with every change to any slot (moves included). */
  revision = 0;
  /** Bumps when couriers join, leave or change status: what a list of couriers shows. */
  listRevision = 0;

  readonly #slotById = new Map<number, number>();
  readonly #rooms = new Map<string, number>();

  constructor(
    /** How long a marker takes to glide to a new fix: the server's broadcast tick, ms. */
    public moveMs = 500,
    capacity = 256,
  ) {
    this.#resize(capacity);
  }

  slotOf(id: number): number | undefined {
    return this.#slotById.get(id);
  }

  roomIndex(room: string): number {
    let index = this.#rooms.get(room);
    if (index === undefined) {
      index = this.#rooms.size;
      this.#rooms.set(room, index);
    }
    return index;
  }

  clear(): void {
    this.count = 0;
    this.#slotById.clear();
    this.animateUntil = 0;
    this.revision++;
    this.listRevision++;
  }

  /**
   * Applies fleet columns received at `receivedAt`. A fix older (on the server clock) than the one
   * held is ignored, so the latest fix per courier wins whatever order deltas arrive in. With `glide`, markers move
   * from where they are drawn at `now` to the new fix over `moveMs`; without, they jump.
   * Changed slots get the next `revision`. Returns how many couriers changed.
   */
  applyColumns(
    cols: FleetColumns,
    receivedAt: number,
    now: number,
    room: number,
    glide: boolean,
  ): number {
    const n = cols.id.length;
    let changed = 0;
    let listChanged = false;
    const revision = this.revision + 1;
    // Ids and coordinates arrive delta-coded (see FleetColumns): running sums give them back.
    let id = 0;
    let latMicro = 0;
    let lngMicro = 0;
    for (let i = 0; i < n; i++) {
      id += cols.id[i]!;
      latMicro += cols.lat[i]!;
      lngMicro += cols.lng[i]!;
      const age = cols.age[i]!;
      const fixServerAt = cols.at - age;
      const lat = latMicro / 1e6;
      const lng = lngMicro / 1e6;
      let slot = this.#slotById.get(id);
      if (slot === undefined) {
        slot = this.#add(id);
        this.fromLat[slot] = lat;
        this.fromLng[slot] = lng;
        listChanged = true;
      } else {
        if (fixServerAt < this.fixServerAt[slot]!) continue;
        if (glide) {
          const t = this.progress(slot, now);
          this.fromLat[slot] = this.fromLat[slot]! + (this.toLat[slot]! - this.fromLat[slot]!) * t;
          this.fromLng[slot] = this.fromLng[slot]! + (this.toLng[slot]! - this.fromLng[slot]!) * t;
        } else {
          this.fromLat[slot] = lat;
          this.fromLng[slot] = lng;
        }
      }
      this.toLat[slot] = lat;
      this.toLng[slot] = lng;
      this.moveStart[slot] = now;
      this.fixServerAt[slot] = fixServerAt;
      this.fixAt[slot] = receivedAt - age;
      const spd = cols.spd[i]!;
      const hdg = cols.hdg[i]!;
      this.speedMps[slot] = spd < 0 ? NaN : spd / 10;
      this.heading[slot] = hdg < 0 ? NaN : hdg;
      if (this.status[slot] !== cols.st[i]!) listChanged = true;
      this.status[slot] = cols.st[i]!;
      this.room[slot] = room;
      this.slotRevision[slot] = revision;
      changed++;
    }
    if (changed > 0) this.revision = revision;
    if (listChanged) this.listRevision++;
    if (glide && changed > 0) this.animateUntil = Math.max(this.animateUntil, now + this.moveMs);
    return changed;
  }

  /**
   * Removes couriers that left `room`. One still known to be in another room (it moved between
   * two rooms in view and the other room's delta came first) stays.
   */
  removeGone(gone: readonly number[], room: number): number {
    let removed = 0;
    for (const id of gone) {
      const slot = this.#slotById.get(id);
      if (slot === undefined) continue;
      const held = this.room[slot]!;
      if (held !== room && held !== UNKNOWN_ROOM) continue;
      this.#remove(slot);
      removed++;
    }
    if (removed > 0) this.listRevision++;
    return removed;
  }

  /** How far the glide of a slot has gone at `now`, 0 to 1. */
  progress(slot: number, now: number): number {
    if (this.moveMs <= 0) return 1;
    const t = (now - this.moveStart[slot]!) / this.moveMs;
    return t <= 0 ? 0 : t >= 1 ? 1 : t;
  }

  /** Where the marker of a slot is drawn at `now`, written into `out` as [lng, lat]. */
  lngLatAt(slot: number, now: number, out: [number, number]): [number, number] {
    const t = this.progress(slot, now);
    out[0] = this.fromLng[slot]! + (this.toLng[slot]! - this.fromLng[slot]!) * t;
    out[1] = this.fromLat[slot]! + (this.toLat[slot]! - this.fromLat[slot]!) * t;
    return out;
  }

  #add(id: number): number {
    if (this.count === this.ids.length) this.#resize(this.ids.length * 2);
    const slot = this.count++;
    this.ids[slot] = id;
    this.#slotById.set(id, slot);
    return slot;
  }

  /** Swap-removes a slot: the last courier takes its place, and that slot counts as changed. */
  #remove(slot: number): void {
    const last = this.count - 1;
    this.#slotById.delete(this.ids[slot]!);
    this.revision++;
    if (slot !== last) {
      for (const column of this.#columns()) column[slot] = column[last]!;
      this.#slotById.set(this.ids[slot]!, slot);
      this.slotRevision[slot] = this.revision;
    }
    this.count = last;
  }

  #columns() {
    return [
      this.ids,
      this.fromLat,
      this.fromLng,
      this.toLat,
      this.toLng,
      this.moveStart,
      this.fixServerAt,
      this.fixAt,
      this.speedMps,
      this.heading,
      this.status,
      this.room,
    ] as const;
  }

  #resize(capacity: number): void {
    const grow = <T extends Int32Array | Uint32Array | Float64Array | Float32Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(old.subarray(0, this.count) as never);
      return next;
    };
    this.ids = grow(this.ids, (n) => new Int32Array(n));
    this.fromLat = grow(this.fromLat, (n) => new Float64Array(n));
    this.fromLng = grow(this.fromLng, (n) => new Float64Array(n));
    this.toLat = grow(this.toLat, (n) => new Float64Array(n));
    this.toLng = grow(this.toLng, (n) => new Float64Array(n));
    this.moveStart = grow(this.moveStart, (n) => new Float64Array(n));
    this.fixServerAt = grow(this.fixServerAt, (n) => new Float64Array(n));
    this.fixAt = grow(this.fixAt, (n) => new Float64Array(n));
    this.speedMps = grow(this.speedMps, (n) => new Float32Array(n));
    this.heading = grow(this.heading, (n) => new Float32Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.room = grow(this.room, (n) => new Int32Array(n));
    this.slotRevision = grow(this.slotRevision, (n) => new Uint32Array(n));
  }
}

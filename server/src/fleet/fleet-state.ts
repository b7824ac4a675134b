import type { CourierStatus, FleetRow } from '@dispatch/shared';
import { H3_RES, courierCell, roomOfCell } from '@dispatch/shared';
import { CellIndex, type NearestHit } from './cell-index';

/** A fix as the fleet state stores it. */
export interface Fix {
  /** Device time, epoch ms. */
  t: number;
  lat: number;
  lng: number;
  speedMps: number | null;
  heading: number | null;
  accuracyMeters: number | null;
  battery: number | null;
}

/** What the server knows live about one courier. */
export interface FleetCourier {
  id: number;
  hubId: number | null;
  status: CourierStatus;
  /** Latest fix by device time, or null before the first one. */
  fix: Fix | null;
  /** Res-9 cell of the latest fix. */
  cell: string | null;
  /** Res-5 console room of the latest fix. */
  room: string | null;
  /** Server time of the last ping received, epoch ms. */
  lastPingAt: number | null;
}

/** The outcome of applying a fix. */
export type ApplyResult = 'moved' | 'stale' | 'unknown_courier';

/**
 * The live picture of the fleet: latest fix per courier, H3 cell and room indexes, and the
 * set of couriers changed since the console broadcaster last looked. Pure in-memory state.
 */
export class FleetState {
  private readonly couriers = new Map<number, FleetCourier>();
  private readonly rooms = new Map<string, Set<number>>();
  /** Changed couriers → the room they were in when last broadcast. */
  private dirty = new Map<number, string | null>();
  /** Couriers whose hub changed (or who left) since the last take → their hub when last broadcast. */
  private hubMoves = new Map<number, number | null>();
  readonly cells = new CellIndex(H3_RES.courier, (id) => this.couriers.get(id)?.fix ?? undefined);

  get size(): number {
    return this.couriers.size;
  }

  /** Registers a courier (or updates its hub) without a position. */
  upsertCourier(id: number, hubId: number | null, status: CourierStatus = 'offline'): FleetCourier {
    const existing = this.couriers.get(id);
    if (existing) {
      if (existing.hubId !== hubId) {
        // Consoles see couriers per hub: one that changes hub leaves one hub's view for another.
        if (!this.hubMoves.has(id)) this.hubMoves.set(id, existing.hubId);
        if (!this.dirty.has(id)) this.dirty.set(id, existing.room);
        existing.hubId = hubId;
      }
      return existing;
    }
    const live: FleetCourier = {
      id,
      hubId,
      status,
      fix: null,
      cell: null,
      room: null,
      lastPingAt: null,
    };
    this.couriers.set(id, live);
    return live;
  }

  removeCourier(id: number): void {
    const live = this.couriers.get(id);
    if (!live) return;
    if (live.room) this.rooms.get(live.room)?.delete(id);
    this.cells.delete(id);
    this.couriers.delete(id);
    if (!this.hubMoves.has(id)) this.hubMoves.set(id, live.hubId);
    if (!this.dirty.has(id)) this.dirty.set(id, live.room);
  }

  get(id: number): FleetCourier | undefined {
    return this.couriers.get(id);
  }

  all(): IterableIterator<FleetCourier> {
    return this.couriers.values();
  }

  /**
   * Applies a fix (with its res-9 cell when the caller has it). Older fixes than the one held
   * (by device time) never move the courier back: they only refresh `lastPingAt`.
   */
  applyFix(id: number, fix: Fix, receivedAt: number, knownCell?: string): ApplyResult {
    const live = this.couriers.get(id);
    if (!live) return 'unknown_courier';
    if (live.lastPingAt === null || receivedAt > live.lastPingAt) live.lastPingAt = receivedAt;
    if (live.fix && fix.t <= live.fix.t) return 'stale';
    const cell = knownCell ?? courierCell(fix.lat, fix.lng);
    const room = cell === live.cell ? live.room! : roomOfCell(cell);
    if (!this.dirty.has(id)) this.dirty.set(id, live.room);
    if (room !== live.room) {
      if (live.room) this.rooms.get(live.room)?.delete(id);
      let members = this.rooms.get(room);
      if (!members) this.rooms.set(room, (members = new Set()));
      members.add(id);
      live.room = room;
    }
    live.fix = fix;
    live.cell = cell;
    this.cells.set(id, cell);
    if (live.status === 'offline') live.status = 'idle';
    return 'moved';
  }

  setStatus(id: number, status: CourierStatus): void {
    const live = this.couriers.get(id);
    if (!live || live.status === status) return;
    live.status = status;
    if (!this.dirty.has(id)) this.dirty.set(id, live.room);
  }

  /** Marks couriers silent for longer than `afterMs` as offline; returns how many changed. */
  markSilentOffline(now: number, afterMs: number): number {
    let changed = 0;
    for (const live of this.couriers.values()) {
      if (
        live.status !== 'offline' &&
        live.lastPingAt !== null &&
        now - live.lastPingAt > afterMs
      ) {
        this.setStatus(live.id, 'offline');
        changed++;
      }
    }
    return changed;
  }

  /** The couriers nearest to a point that have a position. */
  nearest(lat: number, lng: number, count: number, maxMeters?: number): NearestHit[] {
    return this.cells.nearest(lat, lng, count, maxMeters === undefined ? {} : { maxMeters });
  }

  /** Couriers currently in any of the given res-5 rooms. */
  inRooms(rooms: Iterable<string>): FleetCourier[] {
    const out: FleetCourier[] = [];
    for (const room of rooms) {
      const members = this.rooms.get(room);
      if (!members) continue;
      for (const id of members) {
        const live = this.couriers.get(id);
        if (live) out.push(live);
      }
    }
    return out;
  }

  /**
   * Hands over the couriers changed since the last call: the room each was last broadcast in, and
   * the hub it was last broadcast in for those whose hub changed or who left.
   */
  takeDirty(): DirtyCouriers {
    const taken = { rooms: this.dirty, previousHubs: this.hubMoves };
    this.dirty = new Map();
    this.hubMoves = new Map();
    return taken;
  }
}

/** The couriers changed since consoles were last told, and where consoles last saw them. */
export interface DirtyCouriers {
  /** Changed couriers → their res-5 room when last broadcast (null before their first fix). */
  rooms: Map<number, string | null>;
  /** Couriers whose hub changed or who left → their hub when last broadcast. */
  previousHubs: Map<number, number | null>;
}

/** The console's view of a live courier, or null when it has no position yet. */
export function toFleetRow(live: FleetCourier): FleetRow | null {
  if (!live.fix) return null;
  return {
    id: live.id,
    t: live.fix.t,
    lat: live.fix.lat,
    lng: live.fix.lng,
    speedMps: live.fix.speedMps,
    heading: live.fix.heading,
    status: live.status,
  };
}

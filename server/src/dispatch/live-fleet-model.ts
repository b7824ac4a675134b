import { courierCell } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { FleetState } from '../fleet/fleet-state';
import type { RosterEntry, RosterStop, StoredStop } from '../fleet/courier-roster';
import { shiftWindowAt } from '../fleet/shift-window';
import { FleetCellIndex, type LiveCourier, type LiveModel, type LiveStop } from './suggest';

/** Where the live model reads the fleet from. */
export interface LiveFleetSources {
  db: Pick<Database, 'query'>;
  fleet: Pick<FleetState, 'get'>;
  /** Rostered couriers with their open routes (a route is replaced, never edited, when it changes). */
  couriers: () => Iterable<RosterEntry>;
  /** Online and neither stalled nor offline by the detectors. */
  isAvailable: (courierId: number) => boolean;
}

/** Couriers walked between yields while refreshing, so detection and pings are never held up long. */
const REFRESH_SLICE = 500;
/** Route versions read per query (an embedded database answers on the server's own thread). */
const VERSION_BATCH = 1000;
/** Shift windows are worked out again at least this often (a day boundary, a timezone change). */
const SHIFT_RECHECK_MS = 10 * 60_000;

interface Tracked {
  courier: LiveCourier;
  meta: RosterEntry;
  route: readonly RosterStop[];
  fix: unknown;
  shiftCheckedAt: number;
}

/**
 * The suggestion engine's picture of the fleet, kept between proposals and brought up to date
 * by walking the roster: a courier whose route, position, shift and availability are
 * unchanged keeps its object and its place in the cell index, so a refresh costs little more
 * than the walk, and the walk yields every few hundred couriers. Route versions are read from the
 * database only for couriers whose route changed.
 */
export class LiveFleetModel {
  private readonly tracked = new Map<number, Tracked>();
  private readonly couriers = new Map<number, LiveCourier>();
  private readonly routeStops = new Map<number, LiveStop>();
  private readonly index = new FleetCellIndex();
  private readonly versions = new Map<number, number>();
  private readonly staleVersions = new Set<number>();
  private refreshedAt = -Infinity;

  constructor(private readonly sources: LiveFleetSources) {}

  /** When the model was last brought up to date (epoch ms). */
  get lastRefreshAt(): number {
    return this.refreshedAt;
  }

  /** Couriers the model knows. */
  get size(): number {
    return this.couriers.size;
  }

  has(trigger: { courierId: number } | { stopId: number }): boolean {
    return 'stopId' in trigger
      ? this.routeStops.has(trigger.stopId)
      : this.couriers.has(trigger.courierId);
  }

  /** Route versions are read again at the next refresh (a route was changed elsewhere). */
  routesChanged(courierIds: Iterable<number>): void {
    for (const id of courierIds) this.staleVersions.add(id);
  }

  /** Re-reads one courier's availability at once (an alert opened or resolved). */
  availabilityChanged(courierId: number): void {
    const entry = this.tracked.get(courierId);
    if (!entry) return;
    const available = this.sources.isAvailable(courierId);
    if (entry.courier.available === available) return;
    entry.courier = { ...entry.courier, available };
    this.couriers.set(courierId, entry.courier);
  }

  /** Brings the model up to date with the roster, yielding between slices of couriers. */
  async refresh(now: number): Promise<void> {
    const seen = new Set<number>();
    const routeChanged: number[] = [];
    let walked = 0;
    for (const meta of this.sources.couriers()) {
      const id = meta.profile.id;
      seen.add(id);
      if (this.track(meta, now)) routeChanged.push(id);
      if (++walked % REFRESH_SLICE === 0) await yieldToEventLoop();
    }
    for (const id of [...this.tracked.keys()]) if (!seen.has(id)) this.forget(id);
    await this.readVersions([...routeChanged, ...this.staleVersions]);
    this.staleVersions.clear();
    this.refreshedAt = now;
  }

  /** The model for one proposal, with stops that are on no route (unassigned, failed) added. */
  view(now: number, loneStops: readonly StoredStop[] = []): LiveModel {
    const extra = new Map(loneStops.map((s) => [s.id, toLiveStop(s)]));
    const stops =
      extra.size === 0
        ? this.routeStops
        : {
            get: (id: number) => extra.get(id) ?? this.routeStops.get(id),
            has: (id: number) => extra.has(id) || this.routeStops.has(id),
          };
    return { now, couriers: this.couriers, stops, index: this.index };
  }

  /** Updates one courier; true when its route is new or changed. */
  private track(meta: RosterEntry, now: number): boolean {
    const id = meta.profile.id;
    const live = this.sources.fleet.get(id);
    const fix = live?.fix ?? null;
    const available = this.sources.isAvailable(id);
    const entry = this.tracked.get(id);
    const routeChanged = !entry || entry.route !== meta.route;
    const shiftDue =
      !entry ||
      entry.meta.profile !== meta.profile ||
      now - entry.shiftCheckedAt > SHIFT_RECHECK_MS;
    if (
      entry &&
      !routeChanged &&
      !shiftDue &&
      entry.fix === fix &&
      entry.courier.available === available &&
      entry.courier.routeVersion === (this.versions.get(id) ?? 0)
    ) {
      return false;
    }
    const { profile } = meta;
    let onShiftUntil = entry?.courier.onShiftUntil ?? Number.MAX_SAFE_INTEGER;
    if (shiftDue) {
      const shift = shiftWindowAt(
        profile.shiftStartMinute,
        profile.shiftEndMinute,
        profile.timezone,
        now,
      );
      onShiftUntil = shift ? shift.endMs : Number.MAX_SAFE_INTEGER;
    }
    let route = entry?.courier.route ?? [];
    if (routeChanged) {
      for (const stop of route) {
        if (this.routeStops.get(stop.id)?.courierId === id) this.routeStops.delete(stop.id);
      }
      route = meta.route.map(toLiveStop);
      for (const stop of route) this.routeStops.set(stop.id, stop);
    }
    const courier: LiveCourier = {
      id,
      hubId: profile.hubId,
      vehicle: meta.vehicle,
      capacity: profile.capacity,
      load: route.reduce((sum, s) => sum + s.demand, 0),
      position: fix ? { lat: fix.lat, lng: fix.lng } : null,
      cell: live?.cell ?? null,
      onShiftUntil,
      available,
      route,
      routeVersion: this.versions.get(id) ?? 0,
    };
    this.couriers.set(id, courier);
    this.index.update(courier);
    this.tracked.set(id, {
      courier,
      meta,
      route: meta.route,
      fix,
      shiftCheckedAt: shiftDue ? now : entry!.shiftCheckedAt,
    });
    return routeChanged;
  }

  private forget(courierId: number): void {
    const entry = this.tracked.get(courierId);
    for (const stop of entry?.courier.route ?? []) {
      if (this.routeStops.get(stop.id)?.courierId === courierId) this.routeStops.delete(stop.id);
    }
    this.tracked.delete(courierId);
    this.couriers.delete(courierId);
    this.versions.delete(courierId);
    this.index.remove(courierId);
  }

  private async readVersions(courierIds: readonly number[]): Promise<void> {
    const ids = [...new Set(courierIds)].filter((id) => this.tracked.has(id));
    for (let i = 0; i < ids.length; i += VERSION_BATCH) {
      const rows = await this.sources.db.query<{ id: number; route_version: number }>(
        'select id, route_version from couriers where id = any($1::int[])',
        [ids.slice(i, i + VERSION_BATCH)],
      );
      this.applyVersions(rows);
    }
  }

  private applyVersions(rows: readonly { id: number; route_version: number }[]): void {
    for (const row of rows) {
      this.versions.set(row.id, row.route_version);
      const entry = this.tracked.get(row.id);
      if (entry && entry.courier.routeVersion !== row.route_version) {
        entry.courier = { ...entry.courier, routeVersion: row.route_version };
        this.couriers.set(row.id, entry.courier);
      }
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A stored stop as the suggestion engine sees it, its cell worked out once. */
export function toLiveStop(s: StoredStop): LiveStop {
  return {
    id: s.id,
    orderRef: s.orderRef,
    lat: s.lat,
    lng: s.lng,
    cell: courierCell(s.lat, s.lng),
    windowStart: s.windowStart,
    windowEnd: s.windowEnd,
    serviceSeconds: s.serviceSeconds,
    demand: s.demand,
    status: s.status,
    courierId: s.courierId,
    sequence: s.sequence,
    kind: s.kind,
    attempts: s.attempts,
    arrivedAt: s.arrivedAt,
  };
}

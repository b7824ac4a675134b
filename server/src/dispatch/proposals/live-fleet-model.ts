import { courierCell } from '@dispatch/shared';
import type { Database } from '../../db/client';
import type { FleetState } from '../../fleet/fleet-state';
import type { RosterEntry, RosterStop, StoredStop } from '../../fleet/courier-roster';
import { shiftWindowAt } from '../../fleet/shift-window';
import type { LiveCourier, LiveModel, LiveStop } from '../suggest';
import { LiveModelState, type LiveModelDelta } from './live-model-state';

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
  /** What proposals are computed from (on this thread, or by a replica fed `takeDelta()`). */
  readonly state: LiveModelState;
  /** Couriers changed since the last `takeDelta()`: true when their route did. */
  private readonly changed = new Map<number, boolean>();
  private readonly removed = new Set<number>();
  private readonly versions = new Map<number, number>();
  private readonly staleVersions = new Set<number>();
  private refreshedAt = -Infinity;

  /**
   * `indexed: false` when proposals are computed elsewhere: this side then only needs to know
   * what a trigger is about, and the cell index lives in the replica alone.
   */
  constructor(
    private readonly sources: LiveFleetSources,
    { indexed = true }: { indexed?: boolean } = {},
  ) {
    this.state = new LiveModelState({ indexed });
  }

  /** When the model was last brought up to date (epoch ms). */
  get lastRefreshAt(): number {
    return this.refreshedAt;
  }

  /** Whether a route changed elsewhere since the last refresh (its version is out of date). */
  get routesStale(): boolean {
    return this.staleVersions.size > 0;
  }

  /** Couriers the model knows. */
  get size(): number {
    return this.state.size;
  }

  has(trigger: { courierId: number } | { stopId: number }): boolean {
    return 'stopId' in trigger
      ? this.state.routeStops.has(trigger.stopId)
      : this.state.couriers.has(trigger.courierId);
  }

  /**
   * Everything that changed since the last call, for a replica: couriers as they are now, with
   * their route only when it changed. The first call carries the whole fleet.
   */
  takeDelta(): LiveModelDelta {
    const delta: LiveModelDelta = { updates: [], removed: [...this.removed] };
    for (const [id, routeChanged] of this.changed) {
      const courier = this.state.couriers.get(id);
      if (!courier) continue;
      const { route, ...rest } = courier;
      const name = this.state.nameOf(id);
      delta.updates.push(routeChanged ? { courier: rest, name, route } : { courier: rest, name });
    }
    this.changed.clear();
    this.removed.clear();
    return delta;
  }

  /** The whole model as one delta, for a replica that starts from nothing (a restarted thread). */
  takeAll(): LiveModelDelta {
    for (const id of this.state.couriers.keys()) this.changed.set(id, true);
    this.removed.clear();
    return this.takeDelta();
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
    this.store(entry.courier, entry.meta.profile.name, false);
  }

  /** Brings the model up to date with the roster, yielding between slices of couriers. */
  async refresh(now: number): Promise<void> {
    // A route changed while this walk runs stays stale for the next one.
    const stale = [...this.staleVersions];
    this.staleVersions.clear();
    try {
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
      await this.readVersions([...routeChanged, ...stale]);
    } catch (err) {
      for (const id of stale) this.staleVersions.add(id);
      throw err;
    }
    this.refreshedAt = now;
  }

  /**
   * The model for one proposal, with stops that are on no route (unassigned, failed) added, and
   * the stops of the shop orders it concerns.
   */
  view(
    now: number,
    loneStops: readonly StoredStop[] = [],
    orderStops: readonly StoredStop[] = [],
  ): LiveModel {
    return this.state.view(now, loneStops.map(toLiveStop), orderStops.map(toLiveStop));
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
    const route = routeChanged ? meta.route.map(toLiveStop) : (entry?.courier.route ?? []);
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
    this.store(courier, profile.name, routeChanged);
    this.tracked.set(id, {
      courier,
      meta,
      route: meta.route,
      fix,
      shiftCheckedAt: shiftDue ? now : entry!.shiftCheckedAt,
    });
    return routeChanged;
  }

  private store(courier: LiveCourier, name: string, routeChanged: boolean): void {
    this.state.put(courier, name, routeChanged);
    this.changed.set(courier.id, routeChanged || (this.changed.get(courier.id) ?? false));
    this.removed.delete(courier.id);
  }

  private forget(courierId: number): void {
    this.state.remove(courierId);
    this.tracked.delete(courierId);
    this.versions.delete(courierId);
    this.changed.delete(courierId);
    this.removed.add(courierId);
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
        this.store(entry.courier, entry.meta.profile.name, false);
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
    hubId: s.hubId,
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

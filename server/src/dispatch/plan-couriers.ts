import type { Database } from '../db/client';
import type { RosterEntry, RosterStop } from '../fleet/courier-roster';
import type { FleetState } from '../fleet/fleet-state';
import { shiftWindowAt } from '../fleet/shift-window';
import type { PlanCourier } from './planning';
import type { UnitStop } from './planning/plan-units';

/** A courier who can take planned work, where and when that work starts, and what it keeps. */
export interface AvailableCourier {
  id: number;
  name: string;
  /** The route version the plan is made against. */
  routeVersion: number;
  plan: PlanCourier;
  /** Its open stops past the one it is on, planned again with the new ones. */
  kept: UnitStop[];
  /** Its whole open route. */
  open: RosterStop[];
}

/** Where and when a courier's planned work starts, and the open stops it keeps. */
export type CourierStart = Pick<AvailableCourier, 'plan' | 'kept' | 'open'>;

/** What `availableCouriers` reads. */
export interface PlanCourierSources {
  db: Pick<Database, 'query'>;
  /** The couriers' current profiles and open routes (read again for the ones asked for). */
  roster: { ensureLoaded(ids: readonly number[]): Promise<RosterEntry[]> };
  fleet: Pick<FleetState, 'get'>;
}

/** Stops that keep a courier ahead of any plan: the one it is driving to or serving. */
const UNDERWAY = new Set(['en_route', 'arrived']);
/** Courier statuses that take no new work. */
const RESTING = new Set(['on_break']);
/** Alerts that mean a courier cannot take work now. */
const UNAVAILABLE_ALERTS = ['stalled', 'offline'];

/**
 * The hub's couriers who can take work: active, shift not over, not on a break, no open
 * stalled or offline alert, each with where its planned work starts (`courierStart`).
 */
export async function availableCouriers(
  { db, roster, fleet }: PlanCourierSources,
  hubId: number,
  hub: { lat: number; lng: number },
  now: number,
): Promise<AvailableCourier[]> {
  const blocked = new Set(
    (
      await db.query<{ courier_id: number }>(
        `select distinct courier_id from alerts
          where resolved_at is null and courier_id is not null and kind = any($1::text[])`,
        [UNAVAILABLE_ALERTS],
      )
    ).map((r) => r.courier_id),
  );
  const versions = new Map(
    (
      await db.query<{ id: number; route_version: number }>(
        'select id, route_version from couriers where hub_id = $1 and active order by id',
        [hubId],
      )
    ).map((r) => [r.id, r.route_version]),
  );
  const result: AvailableCourier[] = [];
  for (const entry of await roster.ensureLoaded([...versions.keys()])) {
    const { profile } = entry;
    if (profile.hubId !== hubId || blocked.has(profile.id)) continue;
    const live = fleet.get(profile.id);
    if (live && RESTING.has(live.status)) continue;
    const start = courierStart(entry, hub, now, live?.fix ?? null);
    if (!start) continue;
    result.push({
      id: profile.id,
      name: profile.name,
      routeVersion: versions.get(profile.id)!,
      ...start,
    });
  }
  return result;
}

/**
 * Where and when a courier's planned work starts, and the open stops it keeps to be planned
 * again: it starts after the stop it is driving to or serving (when that stop's ETA says it
 * will be done), else where it is (`position`), else at the hub, never before its shift. Null
 * when its shift is over.
 */
export function courierStart(
  entry: RosterEntry,
  hub: { lat: number; lng: number },
  now: number,
  position: { lat: number; lng: number } | null,
): CourierStart | null {
  const { profile, route } = entry;
  const shift = shiftWindowAt(
    profile.shiftStartMinute,
    profile.shiftEndMinute,
    profile.timezone,
    now,
  );
  const shiftStart = shift?.startMs ?? now;
  const shiftEnd = shift?.endMs ?? now + 24 * 3_600_000;
  if (shiftEnd <= now) return null;
  let headCount = 0;
  while (headCount < route.length && UNDERWAY.has(route[headCount]!.status)) headCount++;
  const head = route.slice(0, headCount);
  const last = head.at(-1);
  let start = position ? { lat: position.lat, lng: position.lng } : { lat: hub.lat, lng: hub.lng };
  let departAt = Math.max(now, shiftStart);
  if (last) {
    start = { lat: last.lat, lng: last.lng };
    const arrival = last.arrivedAt ?? last.eta ?? Math.max(departAt, last.windowStart);
    departAt = Math.max(departAt, arrival, last.windowStart) + last.serviceSeconds * 1000;
  }
  return {
    plan: {
      vehicle: entry.vehicle,
      start,
      departAt,
      shiftEnd,
      capacity: profile.capacity,
      usedLoad: head.reduce((sum, s) => sum + s.demand, 0),
      openStops: headCount,
    },
    open: route,
    kept: route.slice(headCount).map((s) => ({
      id: s.id,
      orderRef: s.orderRef,
      kind: s.kind,
      visit: {
        lat: s.lat,
        lng: s.lng,
        windowStart: s.windowStart,
        windowEnd: s.windowEnd,
        serviceSeconds: s.serviceSeconds,
        demand: s.demand,
      },
    })),
  };
}

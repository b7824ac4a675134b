import { DomainError, type PlanOutcome, type PlanRequest, type StopKind } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { TravelTimeProvider } from '../eta/travel-time';
import type { Actor } from '../events/event-log';
import type { RosterEntry } from '../fleet/courier-roster';
import type { FleetState } from '../fleet/fleet-state';
import { shiftWindowAt } from '../fleet/shift-window';
import {
  calibrateTravel,
  PlanRunner,
  type PlanCourier,
  type PlanStop,
  type PlanVisit,
} from './planning';
import type { ReassignService, StopMoveRequest } from './reassign-service';

interface UnassignedRow {
  id: number;
  order_ref: string | null;
  kind: StopKind;
  lat: number;
  lng: number;
  window_start: Date;
  window_end: Date;
  service_seconds: number;
  demand: number;
}

/** A planning unit: one stop, or a shop order's pickup and its drop-off, driven back to back. */
interface Unit {
  stopIds: number[];
  plan: PlanStop;
  /** On no route before this plan. */
  isNew: boolean;
}

/** A stop as `pairUnits` needs it. */
interface UnitStop {
  id: number;
  orderRef: string | null;
  kind: StopKind;
  visit: PlanVisit;
}

/** Stops that keep a courier ahead of any plan: the one it is driving to or serving. */
const UNDERWAY = new Set(['en_route', 'arrived']);

/** Courier statuses that take no new work. */
const RESTING = new Set(['on_break']);
/** Alerts that mean a courier cannot take work now. */
const UNAVAILABLE_ALERTS = ['stalled', 'offline'];
const MAX_TIME_LIMIT_MS = 30_000;

/**
 * Plans a hub's unassigned stops onto its couriers with the routing core and applies the plan
 * as one route change: each courier keeps its open stops in their order and gets its new ones
 * after them (nobody on the road is re-routed), every receiving route's version is checked in
 * the same transaction, devices and consoles are told.
 */
export class PlanService {
  constructor(
    private readonly db: Pick<Database, 'query'>,
    /** The couriers' current profiles and open routes (read again for the ones asked for). */
    private readonly roster: { ensureLoaded(ids: readonly number[]): Promise<RosterEntry[]> },
    private readonly fleet: Pick<FleetState, 'get'>,
    private readonly provider: TravelTimeProvider,
    private readonly reassign: ReassignService,
    private readonly runner = new PlanRunner(),
  ) {}

  /** Whether a plan is being searched for right now. */
  get searching(): boolean {
    return this.runner.busy;
  }

  /** Stops the planning thread. */
  close(): Promise<void> {
    return this.runner.close();
  }

  async planHub(hubId: number, request: PlanRequest, actor: Actor): Promise<PlanOutcome> {
    const began = performance.now();
    const timeLimitMs = request.timeLimitMs ?? 2000;
    if (!(timeLimitMs > 0 && timeLimitMs <= MAX_TIME_LIMIT_MS))
      throw new DomainError('invalid', `timeLimitMs must be between 1 and ${MAX_TIME_LIMIT_MS}`);
    const [hub] = await this.db.query<{ id: number; lat: number; lng: number }>(
      'select id, lat, lng from hubs where id = $1',
      [hubId],
    );
    if (!hub) throw new DomainError('not_found', `hub ${hubId} does not exist`);
    const now = Date.now();
    const fresh = await this.unassignedUnits(hubId);
    const couriers = await this.availableCouriers(hubId, hub, now);
    const outcome: PlanOutcome = {
      hubId,
      planned: 0,
      couriers: [],
      late: [],
      unplanned: [],
      travelMinutes: 0,
      maxStopsPerCourier: 0,
      routeVersions: {},
      elapsedMs: 0,
    };
    if (fresh.length === 0) return { ...outcome, elapsedMs: performance.now() - began };
    if (couriers.length === 0) {
      outcome.unplanned = fresh.flatMap((u) =>
        u.stopIds.map((stopId) => ({ stopId, reason: 'no courier of this hub can take work' })),
      );
      return { ...outcome, elapsedMs: performance.now() - began };
    }

    // Each courier's open stops past the one it is on are planned again with the new ones,
    // pinned to it: new work can go between them, and nobody loses a stop.
    const units = [...fresh, ...couriers.flatMap((c, i) => pairUnits(c.kept, false, i))];
    const planCouriers = couriers.map((c) => c.plan);
    const planStops = units.map((u) => u.plan);
    const calibration = calibrateTravel(
      this.provider,
      [...planCouriers.map((c) => c.start), ...planStops],
      now,
      planCouriers.map((c) => c.vehicle),
    );
    const plan = await this.runner.plan({
      couriers: planCouriers,
      stops: planStops,
      calibration,
      now,
      options: {
        timeLimitMs,
        maxStopsPerCourier: request.maxStopsPerCourier,
        placeLateStops: request.placeLateStops ?? false,
      },
    });
    const moves: StopMoveRequest[] = [];
    const versions: Record<string, number> = {};
    plan.routes.forEach((route, i) => {
      const courier = couriers[i]!;
      const stopIds = route.flatMap((u) => units[u]!.stopIds);
      const added = route.reduce(
        (sum, u) => sum + (units[u]!.isNew ? units[u]!.stopIds.length : 0),
        0,
      );
      const unchanged = stopIds.join() === courier.kept.map((s) => s.id).join();
      if (stopIds.length === 0 || unchanged) return;
      moves.push({ stopIds, toCourierId: courier.id, position: courier.plan.openStops + 1 });
      versions[String(courier.id)] = courier.routeVersion;
      outcome.planned += added;
      outcome.couriers.push({
        courierId: courier.id,
        name: courier.name,
        added,
        totalStops: courier.plan.openStops + stopIds.length,
      });
    });
    if (moves.length > 0) {
      const result = await this.reassign.move(moves, versions, actor, 'plan');
      outcome.routeVersions = result.routeVersions;
    }
    outcome.late = plan.late.flatMap(({ stop, lateMinutes }) =>
      units[stop]!.stopIds.map((stopId) => ({ stopId, lateMinutes })),
    );
    outcome.unplanned = plan.unplanned.flatMap((u) =>
      units[u]!.stopIds.map((stopId) => ({
        stopId,
        reason:
          units[u]!.plan.windowEnd <= now
            ? 'its window has already closed'
            : 'no courier can get there within its window, shift and capacity',
      })),
    );
    outcome.travelMinutes = Math.round(plan.travelSeconds / 60);
    outcome.maxStopsPerCourier = plan.maxStopsPerCourier;
    outcome.elapsedMs = Math.round(performance.now() - began);
    return outcome;
  }

  /** The hub's unassigned stops; a pickup and delivery of one order unassigned together travel as one. */
  private async unassignedUnits(hubId: number): Promise<Unit[]> {
    const rows = await this.db.query<UnassignedRow>(
      `select id, order_ref, kind, lat, lng, window_start, window_end, service_seconds, demand
         from stops where hub_id = $1 and status = 'unassigned' order by window_end, id`,
      [hubId],
    );
    return pairUnits(
      rows.map((r) => ({
        id: r.id,
        orderRef: r.order_ref,
        kind: r.kind,
        visit: {
          lat: r.lat,
          lng: r.lng,
          windowStart: new Date(r.window_start).getTime(),
          windowEnd: new Date(r.window_end).getTime(),
          serviceSeconds: r.service_seconds,
          demand: r.demand,
        },
      })),
      true,
    );
  }

  /**
   * The hub's couriers who can take work: active, shift not over, not on a break, no open
   * stalled or offline alert. Each starts after its open stops (at the last one, when its ETA
   * says it will be done), else where it is, else at the hub, and not before its shift starts.
   */
  private async availableCouriers(
    hubId: number,
    hub: { lat: number; lng: number },
    now: number,
  ): Promise<
    { id: number; name: string; routeVersion: number; plan: PlanCourier; kept: UnitStop[] }[]
  > {
    const blocked = new Set(
      (
        await this.db.query<{ courier_id: number }>(
          `select distinct courier_id from alerts
            where resolved_at is null and courier_id is not null and kind = any($1::text[])`,
          [UNAVAILABLE_ALERTS],
        )
      ).map((r) => r.courier_id),
    );
    const versions = new Map(
      (
        await this.db.query<{ id: number; route_version: number }>(
          'select id, route_version from couriers where hub_id = $1 and active order by id',
          [hubId],
        )
      ).map((r) => [r.id, r.route_version]),
    );
    const result = [];
    for (const meta of await this.roster.ensureLoaded([...versions.keys()])) {
      const { profile } = meta;
      if (profile.hubId !== hubId || blocked.has(profile.id)) continue;
      const live = this.fleet.get(profile.id);
      if (live && RESTING.has(live.status)) continue;
      const start = this.startOf(meta, hub, now);
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
   * will be done), else where it is, else at the hub, never before its shift.
   */
  private startOf(
    meta: RosterEntry,
    hub: { lat: number; lng: number },
    now: number,
  ): { plan: PlanCourier; kept: UnitStop[] } | null {
    const { profile, route } = meta;
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
    const fix = this.fleet.get(profile.id)?.fix;
    let start = fix ? { lat: fix.lat, lng: fix.lng } : { lat: hub.lat, lng: hub.lng };
    let departAt = Math.max(now, shiftStart);
    if (last) {
      start = { lat: last.lat, lng: last.lng };
      const arrival = last.arrivedAt ?? last.eta ?? Math.max(departAt, last.windowStart);
      departAt = Math.max(departAt, arrival, last.windowStart) + last.serviceSeconds * 1000;
    }
    return {
      plan: {
        vehicle: meta.vehicle,
        start,
        departAt,
        shiftEnd,
        capacity: profile.capacity,
        usedLoad: head.reduce((sum, s) => sum + s.demand, 0),
        openStops: headCount,
      },
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
}

/**
 * Planning units from stops: an order's pickup and delivery, both among them, become one unit
 * driven back to back (pickup first); the rest one unit each. `pinnedTo` keeps them on a courier.
 */
function pairUnits(stops: readonly UnitStop[], isNew: boolean, pinnedTo?: number): Unit[] {
  const deliveryOf = new Map<string, UnitStop>();
  for (const s of stops) if (s.kind === 'delivery' && s.orderRef) deliveryOf.set(s.orderRef, s);
  const paired = new Set<number>();
  const units: Unit[] = [];
  for (const s of stops) {
    const drop = s.kind === 'pickup' && s.orderRef ? deliveryOf.get(s.orderRef) : undefined;
    if (drop) {
      paired.add(s.id).add(drop.id);
      units.push({
        stopIds: [s.id, drop.id],
        plan: { ...s.visit, then: drop.visit, pinnedTo },
        isNew,
      });
    }
  }
  for (const s of stops) {
    if (!paired.has(s.id)) units.push({ stopIds: [s.id], plan: { ...s.visit, pinnedTo }, isNew });
  }
  return units;
}

import { DomainError, type PlanOutcome, type StopKind } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { Actor } from '../events/event-log';
import type { FleetState } from '../fleet/fleet-state';
import type { CourierMeta, MonitorService } from '../monitor/monitor-service';
import { shiftWindowAt } from '../monitor/shift-window';
import { calibrateTravel, PlanRunner, type PlanCourier, type PlanStop } from './planning';
import type { ReassignService, StopMoveRequest } from './reassign-service';

/** What a dispatcher asks of a plan. */
export interface PlanRequest {
  /** Search budget, ms (the matrix and the apply come on top). */
  timeLimitMs?: number | undefined;
  /** Most stops per courier, open ones included; balanced (1.2 × the average) by default. */
  maxStopsPerCourier?: number | undefined;
  /** Plan stops nobody can serve on time where they add least lateness, instead of leaving them out. */
  placeLateStops?: boolean | undefined;
}

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
}

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
    private readonly db: Database,
    private readonly monitor: MonitorService,
    private readonly fleet: FleetState,
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
    const units = await this.unassignedUnits(hubId);
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
    if (units.length === 0) return { ...outcome, elapsedMs: performance.now() - began };
    if (couriers.length === 0) {
      outcome.unplanned = units.flatMap((u) =>
        u.stopIds.map((stopId) => ({ stopId, reason: 'no courier of this hub can take work' })),
      );
      return { ...outcome, elapsedMs: performance.now() - began };
    }

    const planCouriers = couriers.map((c) => c.plan);
    const planStops = units.map((u) => u.plan);
    const calibration = calibrateTravel(
      this.monitor.provider,
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
      if (route.length === 0) return;
      const courier = couriers[i]!;
      const stopIds = route.flatMap((u) => units[u]!.stopIds);
      moves.push({ stopIds, toCourierId: courier.id });
      versions[String(courier.id)] = courier.routeVersion;
      outcome.couriers.push({
        courierId: courier.id,
        name: courier.name,
        added: stopIds.length,
        totalStops: courier.plan.openStops + stopIds.length,
      });
    });
    if (moves.length > 0) {
      const result = await this.reassign.move(moves, versions, actor, 'plan');
      outcome.routeVersions = result.routeVersions;
    }
    outcome.planned = moves.reduce((sum, m) => sum + m.stopIds.length, 0);
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
    const visit = (r: UnassignedRow) => ({
      lat: r.lat,
      lng: r.lng,
      windowStart: new Date(r.window_start).getTime(),
      windowEnd: new Date(r.window_end).getTime(),
      serviceSeconds: r.service_seconds,
      demand: r.demand,
    });
    const deliveryOf = new Map<string, UnassignedRow>();
    for (const r of rows) if (r.kind === 'delivery' && r.order_ref) deliveryOf.set(r.order_ref, r);
    const paired = new Set<number>();
    const units: Unit[] = [];
    for (const r of rows) {
      const drop = r.kind === 'pickup' && r.order_ref ? deliveryOf.get(r.order_ref) : undefined;
      if (drop) {
        paired.add(r.id).add(drop.id);
        units.push({ stopIds: [r.id, drop.id], plan: { ...visit(r), then: visit(drop) } });
      }
    }
    for (const r of rows) {
      if (!paired.has(r.id)) units.push({ stopIds: [r.id], plan: visit(r) });
    }
    return units;
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
  ): Promise<{ id: number; name: string; routeVersion: number; plan: PlanCourier }[]> {
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
    for (const meta of await this.monitor.ensureMonitored([...versions.keys()])) {
      const { profile } = meta;
      if (profile.hubId !== hubId || blocked.has(profile.id)) continue;
      const live = this.fleet.get(profile.id);
      if (live && RESTING.has(live.status)) continue;
      const plan = this.startOf(meta, hub, now);
      if (!plan) continue;
      result.push({
        id: profile.id,
        name: profile.name,
        routeVersion: versions.get(profile.id)!,
        plan,
      });
    }
    return result;
  }

  private startOf(
    meta: CourierMeta,
    hub: { lat: number; lng: number },
    now: number,
  ): PlanCourier | null {
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
    const usedLoad = route.reduce((sum, s) => sum + s.demand, 0);
    const last = route.at(-1);
    const fix = this.fleet.get(profile.id)?.fix;
    let start = fix ? { lat: fix.lat, lng: fix.lng } : { lat: hub.lat, lng: hub.lng };
    let departAt = Math.max(now, shiftStart);
    if (last) {
      start = { lat: last.lat, lng: last.lng };
      const arrival = last.eta ?? Math.max(departAt, last.windowStart);
      departAt = Math.max(departAt, arrival, last.windowStart) + last.serviceSeconds * 1000;
    }
    return {
      vehicle: meta.vehicle,
      start,
      departAt,
      shiftEnd,
      capacity: profile.capacity,
      usedLoad,
      openStops: route.length,
    };
  }
}

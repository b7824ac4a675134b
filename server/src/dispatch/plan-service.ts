import { DomainError, type PlanOutcome, type PlanRequest, type StopKind } from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Database } from '../db/client';
import type { TravelTimeProvider } from '../eta/travel-time';
import type { Actor } from '../events/event-log';
import { calibrateTravel, plannedArrivals, PlanRunner, type PlanVisit } from './planning';
import { keptVisits, unitVisits } from './planning/plan-measure';
import { summarizePlan, type PlanSummary, type RouteChange } from './planning/plan-summary';
import { pairUnits, type UnitStop } from './planning/plan-units';
import { joinHeldOrders } from './orders';
import { availableCouriers, type PlanCourierSources } from './plan-couriers';
import type { ReassignService, StopMoveRequest } from './reassign-service';

/**
 * A plan made and not yet applied: the moves, the route versions they were made against, and
 * what they would do.
 */
export interface PlanDraft {
  /** What applying it reports (`routeVersions` filled in once applied). */
  outcome: PlanOutcome;
  moves: StopMoveRequest[];
  versions: Record<string, number>;
  summary: PlanSummary;
  /** The hub's unassigned stops the plan looked at. */
  unassigned: number;
}

const NOTHING_CHANGES: PlanSummary = {
  couriers: [],
  km: { before: 0, after: 0 },
  lateStops: { before: 0, after: 0 },
  lateNew: [],
  planned: 0,
};

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
    private readonly roster: PlanCourierSources['roster'],
    private readonly fleet: PlanCourierSources['fleet'],
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

  /** Plans the hub's unassigned stops and applies the plan at once (a hub out of `scope`: `not_found`). */
  async planHub(
    hubId: number,
    request: PlanRequest,
    actor: Actor,
    scope: HubScope = EVERY_HUB,
  ): Promise<PlanOutcome> {
    const began = performance.now();
    const outcome = await this.apply(await this.draft(hubId, request, scope), actor);
    return { ...outcome, elapsedMs: Math.round(performance.now() - began) };
  }

  /**
   * Applies a draft as one route change, checked against the route versions it was made for:
   * a route changed since is a `conflict`, and nothing changes.
   */
  async apply(draft: PlanDraft, actor: Actor): Promise<PlanOutcome> {
    if (draft.moves.length === 0) return draft.outcome;
    try {
      const result = await this.reassign.move(draft.moves, draft.versions, actor, 'plan');
      return { ...draft.outcome, routeVersions: result.routeVersions };
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict')
        throw new DomainError('conflict', 'Routes changed since this plan was made; plan again');
      throw err;
    }
  }

  /**
   * Plans the hub's unassigned stops onto its couriers on the planning thread, writing nothing
   * (a hub out of `scope`: `not_found`).
   */
  async draft(
    hubId: number,
    request: PlanRequest,
    scope: HubScope = EVERY_HUB,
  ): Promise<PlanDraft> {
    scope.assert(hubId, { type: 'hub', id: hubId });
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
    const freshStops = await this.unassignedStops(hubId);
    const couriers = await availableCouriers(
      { db: this.db, roster: this.roster, fleet: this.fleet },
      hubId,
      hub,
      now,
    );
    // A new stop whose order's other stop a courier already has is planned on that courier
    // (with it as one unit, pickup first, when that stop is planned again too).
    const { loose, joining } = joinHeldOrders(
      freshStops,
      couriers.map((c) => c.open),
    );
    const fresh = pairUnits(loose, true);
    const freshIds = new Set(freshStops.map((s) => s.id));
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
    const unassigned = freshStops.length;
    const untouched = (): PlanDraft => ({
      outcome: { ...outcome, elapsedMs: Math.round(performance.now() - began) },
      moves: [],
      versions: {},
      summary: NOTHING_CHANGES,
      unassigned,
    });
    if (freshStops.length === 0) return untouched();
    if (couriers.length === 0) {
      outcome.unplanned = fresh.flatMap((u) =>
        u.stopIds.map((stopId) => ({ stopId, reason: 'no courier of this hub can take work' })),
      );
      return untouched();
    }

    // Each courier's open stops past the one it is on are planned again with the new ones,
    // pinned to it: new work can go between them, and nobody loses a stop.
    const units = [
      ...fresh,
      ...couriers.flatMap((c, i) => pairUnits([...c.kept, ...joining[i]!], false, i)),
    ];
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
    const changes: RouteChange[] = [];
    // Each stop's own visit (an order's pickup and drop-off share a unit), for its planned arrival.
    const visitOf = new Map<number, PlanVisit>();
    for (const u of units)
      u.stopIds.forEach((id, k) => visitOf.set(id, k === 0 ? u.plan : u.plan.then!));
    plan.routes.forEach((route, i) => {
      const courier = couriers[i]!;
      const stopIds = route.flatMap((u) => units[u]!.stopIds);
      const added = route.reduce(
        (sum, u) => sum + units[u]!.stopIds.filter((id) => freshIds.has(id)).length,
        0,
      );
      const unchanged = stopIds.join() === courier.kept.map((s) => s.id).join();
      if (stopIds.length === 0 || unchanged) return;
      moves.push({
        stopIds,
        toCourierId: courier.id,
        position: courier.plan.openStops + 1,
        plannedEtas: plannedArrivals(
          courier.plan,
          stopIds.map((id) => visitOf.get(id)!),
          plan.calibration,
        ),
      });
      versions[String(courier.id)] = courier.routeVersion;
      changes.push({
        courierId: courier.id,
        name: courier.name,
        courier: courier.plan,
        before: keptVisits(courier.kept),
        after: unitVisits(route.map((u) => units[u]!)),
      });
      outcome.planned += added;
      // Couriers whose stops were only put in a new order received nothing.
      if (added > 0)
        outcome.couriers.push({
          courierId: courier.id,
          name: courier.name,
          added,
          totalStops: courier.plan.openStops + stopIds.length,
        });
    });
    const summary = summarizePlan(changes, calibration);
    // Lateness of the stops this plan adds; stops a route already had late are not its doing.
    outcome.late = summary.lateNew;
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
    return { outcome, moves, versions, summary, unassigned };
  }

  /** The hub's unassigned stops, most urgent first. */
  private async unassignedStops(hubId: number): Promise<UnitStop[]> {
    const rows = await this.db.query<UnassignedRow>(
      `select id, order_ref, kind, lat, lng, window_start, window_end, service_seconds, demand
         from stops where hub_id = $1 and status = 'unassigned' order by window_end, id`,
      [hubId],
    );
    return rows.map((r) => ({
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
    }));
  }
}

import {
  DomainError,
  type MoveCandidateList,
  type MovePreview,
  type MovePreviewRequest,
  type RouteLateness,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { TravelTimeProvider } from '../eta';
import type { CourierRoster, StoredStop } from '../fleet/courier-roster';
import {
  cheapestPlacement,
  evaluateMove,
  movingStops,
  rankCandidates,
  addedDriveSeconds,
  latenessAddedSeconds,
  stopsMadeLate,
  type CourierMove,
  type RouteOutlook,
} from './move-preview';
import { toLiveStop, type LiveFleetModel } from './proposals';
import {
  DEFAULT_SUGGEST_OPTIONS,
  type CandidateRules,
  type LiveCourier,
  type LiveModel,
  type LiveStop,
} from './suggest';

/** Stops that may still change courier (as the reassignment allows). */
const MOVABLE = new Set(['unassigned', 'assigned', 'en_route', 'failed']);
/** The live model is walked again when older than this: previews follow a dragging pointer. */
const MODEL_TTL_MS = 2000;

export interface MovePreviewDeps {
  /** The live picture of couriers and their routes (a model of its own, with its cell index). */
  model: LiveFleetModel;
  /** Names, and each route as it is loaded: the model is walked again once one is replaced. */
  roster: Pick<CourierRoster, 'get' | 'subscribe'>;
  /** A stop as stored now, on a route or not. */
  storedStop: (stopId: number) => Promise<StoredStop | null>;
  provider: TravelTimeProvider;
  rules?: CandidateRules;
  now?: () => number;
}

/**
 * What a move would do before it is made: every involved route's lateness before and after,
 * the driving it adds and the moved stops' new ETAs, from the live roster and the ETA
 * provider; and the couriers who could take a stop, cheapest first. Reads only.
 */
export class MovePreviewService {
  private refreshing: Promise<void> | null = null;
  private readonly rules: CandidateRules;
  private readonly now: () => number;

  constructor(private readonly deps: MovePreviewDeps) {
    this.rules = deps.rules ?? DEFAULT_SUGGEST_OPTIONS;
    this.now = deps.now ?? Date.now;
    // A route is loaded a moment after the move that changed it is announced: a preview made in
    // between must not keep the old route for the model's whole lifetime.
    deps.roster.subscribe({ routeReplaced: (entry) => this.routesChanged([entry.profile.id]) });
  }

  /** Route versions are read again at the next look (the bus said these routes changed). */
  routesChanged(courierIds: readonly number[]): void {
    this.deps.model.routesChanged(courierIds);
  }

  /** What the move would do; stops or a courier out of `scope` are `not_found`. */
  async preview(request: MovePreviewRequest, scope: HubScope = EVERY_HUB): Promise<MovePreview> {
    const model = await this.liveModel();
    const receiver = this.courier(model, request.toCourierId);
    scope.assert(receiver.hubId, { type: 'courier', id: receiver.id });
    const asked = await this.askedStops(model, request.stopIds, scope);
    const moving = this.expand(model, asked, receiver.id);
    const owners = this.owners(model, moving);
    const { provider } = this.deps;
    const placement =
      request.position === undefined
        ? cheapestPlacement(receiver, moving, model.now, provider)
        : { position: request.position, fits: true };
    const outcome = evaluateMove(owners, receiver, moving, placement.position, model.now, provider);
    const first = outcome.receiver.order.findIndex((s) => s.id === moving[0]!.id);
    return {
      stopIds: moving.map((s) => s.id),
      toCourierId: receiver.id,
      position: first + 1,
      fits: placement.fits && outcome.madeLate.length === 0,
      couriers: outcome.couriers.map((move) => ({
        courierId: move.courier.id,
        name: this.nameOf(move.courier.id),
        before: lateness(move.before),
        after: lateness(move.after),
        addedDriveMinutes: minutes(addedDriveSeconds(move)),
        routeVersion: move.courier.routeVersion ?? 0,
      })),
      moved: moving.map((stop) => {
        const eta = outcome.receiver.after.etas.get(stop.id);
        return {
          stopId: stop.id,
          orderRef: stop.orderRef,
          position: outcome.receiver.order.findIndex((s) => s.id === stop.id) + 1,
          eta: eta?.arriveAt ?? model.now,
          lateMinutes: minutes(eta?.lateSeconds ?? 0),
        };
      }),
    };
  }

  /**
   * Couriers who could take the stop (and the rest of its order), least driving added first;
   * a stop out of `scope` is `not_found`, and only couriers in `scope` are offered.
   */
  async candidates(
    stopId: number,
    limit: number,
    scope: HubScope = EVERY_HUB,
  ): Promise<MoveCandidateList> {
    const model = await this.liveModel();
    const [stop] = await this.askedStops(model, [stopId], scope);
    // The order goes to whoever takes it; the receiver only matters for a parcel already held.
    const moving = this.expand(model, [stop!], -1);
    const ranked = rankCandidates(model, moving, this.rules, this.deps.provider, limit).filter(
      (c) => scope.has(c.move.courier.hubId),
    );
    return {
      stopId,
      stopIds: moving.map((s) => s.id),
      currentCourierId: stop!.courierId,
      candidates: ranked.map(({ placement, move, reachMeters }) => ({
        courierId: move.courier.id,
        name: this.nameOf(move.courier.id),
        position: placement.position,
        addedDriveMinutes: minutes(addedDriveSeconds(move)),
        lateMinutesCaused: Math.max(0, minutes(latenessAddedSeconds(move))),
        stopsMadeLate: stopsMadeLate(move),
        distanceMeters: Math.round(reachMeters),
        eta: arrivalAt(move, stopId, model.now),
        routeVersion: move.courier.routeVersion ?? 0,
      })),
    };
  }

  /**
   * The live model, walked again when a route changed since the last walk or when older than
   * MODEL_TTL_MS (one walk for concurrent callers).
   */
  private async liveModel(): Promise<LiveModel> {
    const { model } = this.deps;
    const now = this.now();
    if (model.routesStale || now - model.lastRefreshAt >= MODEL_TTL_MS) {
      this.refreshing ??= model.refresh(now).finally(() => (this.refreshing = null));
      await this.refreshing;
    }
    return model.view(now);
  }

  private courier(model: LiveModel, courierId: number): LiveCourier {
    const courier = model.couriers.get(courierId);
    if (!courier)
      throw new DomainError('not_found', `courier ${courierId} does not exist or is inactive`);
    return courier;
  }

  /** The stops asked for, from the live routes or the database; each must still be movable. */
  private async askedStops(
    model: LiveModel,
    stopIds: readonly number[],
    scope: HubScope,
  ): Promise<LiveStop[]> {
    const stops: LiveStop[] = [];
    for (const id of new Set(stopIds)) {
      const live = model.stops.get(id);
      const stored = live ? null : await this.deps.storedStop(id);
      const stop = live ?? (stored ? toLiveStop(stored) : null);
      if (!stop) throw new DomainError('not_found', `stop ${id} does not exist`);
      scope.assert(stop.hubId ?? null, { type: 'stop', id });
      if (!MOVABLE.has(stop.status)) {
        throw new DomainError(
          'conflict',
          `stop #${stop.orderRef ?? stop.id} is ${stop.status}: it can no longer be moved`,
        );
      }
      stops.push(stop);
    }
    return stops;
  }

  /** The stops with the rest of their orders, as the reassignment will move them. */
  private expand(model: LiveModel, asked: readonly LiveStop[], toCourierId: number): LiveStop[] {
    const pool = function* () {
      for (const courier of model.couriers.values()) yield* courier.route;
    };
    const moving = movingStops(asked, pool(), toCourierId, (id) => this.nameOf(id));
    if (!moving.ok) throw new DomainError('invalid', moving.message);
    return moving.stops;
  }

  private owners(model: LiveModel, moving: readonly LiveStop[]): LiveCourier[] {
    const ids = [...new Set(moving.flatMap((s) => (s.courierId === null ? [] : [s.courierId])))];
    return ids.flatMap((id) => model.couriers.get(id) ?? []);
  }

  private nameOf(courierId: number): string {
    return this.deps.roster.get(courierId)?.profile.name ?? `Courier ${courierId}`;
  }
}

function minutes(seconds: number): number {
  return Math.round(seconds / 6) / 10;
}

function lateness(outlook: RouteOutlook): RouteLateness {
  return { lateMinutes: minutes(outlook.lateSeconds), lateStops: outlook.lateStopIds.size };
}

function arrivalAt(move: CourierMove, stopId: number, fallback: number): number {
  return move.after.etas.get(stopId)?.arriveAt ?? fallback;
}

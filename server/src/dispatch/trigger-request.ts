import { OPEN_STOP_STATUSES, isPickupKind } from '@dispatch/shared';
import type { CourierRoster, StoredStop } from '../fleet/courier-roster';
import { toLiveStop, type LiveFleetModel, type ProposalRequest } from './proposals';
import type { Trigger } from './suggest';

/**
 * The live model is rebuilt at most this often, however much changes: building it walks the
 * whole fleet, and a burst of alerts (a network outage) must not rebuild it per alert. Proposals
 * from a slightly old model are safe: accepting one checks the route versions it was made for.
 */
const MODEL_TTL_MS = 5000;

/** What a trigger's request is built from. */
export interface TriggerRequestSources {
  /** The live model the proposals are computed from, shared by every trigger. */
  model: LiveFleetModel;
  roster: Pick<CourierRoster, 'get' | 'all' | 'ownerOf' | 'size'>;
  /** A stop as stored now, on a route or not. */
  storedStop: (stopId: number) => Promise<StoredStop | null>;
  /** The pickups and deliveries, in any status, of the shop orders these stops belong to. */
  orderStops: (
    of: readonly { hubId: number | null; orderRef: string | null }[],
  ) => Promise<StoredStop[]>;
  /** The hub's safety margin on window ends, minutes (detection's `lateRisk.windowMarginMinutes`). */
  windowMarginMinutes: number;
}

/**
 * The request for one trigger, with the shared model brought up to date for it: refreshed for
 * a new stop, or when it is older than MODEL_TTL_MS, misses a courier the roster knows, or
 * does not know what the trigger is about (a stop just put on a route). A stop on no route
 * (unassigned, failed) is read on its own and sent with the request.
 */
export async function requestFor(
  trigger: Trigger,
  sources: TriggerRequestSources,
): Promise<ProposalRequest> {
  const { model, roster } = sources;
  const now = Date.now();
  // A new stop is rare and wants the couriers where they are now; alerts come in bursts.
  let stale =
    trigger.kind === 'unassigned' ||
    now - model.lastRefreshAt >= MODEL_TTL_MS ||
    model.routesStale ||
    model.size !== roster.size;
  let lone: StoredStop | null = null;
  if ('stopId' in trigger && !model.has(trigger)) {
    lone = await sources.storedStop(trigger.stopId);
    if (lone && lone.courierId !== null && OPEN_STOP_STATUSES.includes(lone.status)) {
      stale = true;
      lone = null;
    }
  } else if (!model.has(trigger)) {
    stale = true;
  }
  if (stale) await model.refresh(now);
  // A stop of a shop order moves with the order's other stop: the engine is told of both.
  const concerned =
    'stopId' in trigger
      ? [lone ?? model.state.routeStops.get(trigger.stopId)]
      : (model.state.couriers.get(trigger.courierId)?.route ?? []);
  const orderStops = await sources.orderStops(
    concerned.flatMap((s) =>
      s && (isPickupKind(s.kind) || s.kind === 'delivery')
        ? [{ hubId: s.hubId ?? null, orderRef: s.orderRef }]
        : [],
    ),
  );
  return {
    trigger,
    now,
    loneStops: lone ? [toLiveStop(lone)] : [],
    orderStops: orderStops.map(toLiveStop),
    timezone: timezoneFor(roster, trigger, lone),
    windowMarginMinutes: sources.windowMarginMinutes,
  };
}

/**
 * The hub's time zone the explanation's times are written in: that of the courier the trigger
 * names, else of the courier the stop is on, else of the stop's hub (read off a courier of it).
 */
function timezoneFor(
  roster: Pick<CourierRoster, 'get' | 'all' | 'ownerOf'>,
  trigger: Trigger,
  lone: StoredStop | null,
): string {
  const courierId =
    'courierId' in trigger
      ? trigger.courierId
      : 'stopId' in trigger
        ? roster.ownerOf(trigger.stopId)
        : undefined;
  const own = courierId === undefined ? undefined : roster.get(courierId);
  if (own) return own.profile.timezone;
  const hubId = lone?.hubId ?? null;
  if (hubId === null) return 'UTC';
  for (const entry of roster.all())
    if (entry.profile.hubId === hubId) return entry.profile.timezone;
  return 'UTC';
}

import {
  DomainError,
  encodeReplayEvents,
  encodeReplayTrack,
  type Replay,
  type ReplayQuery,
} from '@dispatch/shared';
import {
  plannedVsActual,
  placementOf,
  visitOf,
  type Placement,
  type Visit,
} from './planned-vs-actual';
import { replayEvents, STORED_EVENT_KINDS } from './replay-events';
import type { ReplayReads } from './replay-reads';
import type { HubScope } from '../auth/hub-scope';
import { checkReplayWindow, replayHub, sampleSecondsFor } from './replay-window';

/**
 * A hub's or a courier's stretch of a day rebuilt from what was stored: positions from the
 * pings (sampled), the event list from the event log, and planned versus actual per courier.
 */
export class ReplayService {
  constructor(private readonly reads: ReplayReads) {}

  /** The replay of a hub or courier in `scope` (another hub's answers `not_found`). */
  async replay(query: ReplayQuery, scope: HubScope): Promise<Replay> {
    const { from, to } = query;
    checkReplayWindow(from, to);
    const courierId = query.courierId ?? null;
    const courierHub = courierId === null ? undefined : await this.reads.courierHub(courierId);
    if (courierId !== null && courierHub !== undefined)
      scope.assert(courierHub, { type: 'courier', id: courierId });
    const hubId = replayHub(query, courierHub);
    scope.assert(hubId, { type: 'hub', id: hubId });
    const hub = await this.reads.hub(hubId);
    if (!hub) throw new DomainError('not_found', `hub ${hubId} does not exist`);

    const stored = await this.reads.events(hubId, STORED_EVENT_KINDS, from, to);
    const events = replayEvents(stored, courierId);
    const eventStops = new Set(events.flatMap((e) => (e.stopId === null ? [] : [e.stopId])));
    const stopRows = await this.reads.stops(hubId, from, to, [...eventStops]);
    const history = await this.reads.stopHistory(
      stopRows.map((s) => s.id),
      from,
      to,
    );
    const placements = history.flatMap((h) => placementOf(h) ?? []);
    const visits = history
      .flatMap((h) => visitOf(h) ?? [])
      .filter((v) => v.at >= from && v.at < to);

    const named = referencedCouriers(events);
    const hubCouriers = await this.reads.couriers(hubId, named);
    const subjects = courierId === null ? hubCouriers.map((c) => c.id) : [courierId];
    const routes = plannedVsActual({ placements, visits, from, courierIds: subjects });
    const keep =
      courierId === null ? null : touchedStops(courierId, placements, visits, eventStops, routes);
    const stops = stopRows.filter((s) => keep === null || keep.has(s.id));

    const sampleSeconds = sampleSecondsFor(from, to);
    const fixes = await this.reads.fixes(subjects, from, to, sampleSeconds);
    return {
      hubId,
      courierId,
      timezone: hub.timezone,
      from,
      to,
      sampleSeconds,
      couriers: hubCouriers.filter(
        (c) => courierId === null || c.id === courierId || named.includes(c.id),
      ),
      tracks: [...fixes].map(([id, list]) => encodeReplayTrack(id, list, from)),
      stops: stops.map((s) => ({
        id: s.id,
        label: s.order_ref ?? `#${s.id}`,
        kind: s.kind,
        address: s.address,
        lat: s.lat,
        lng: s.lng,
        windowStart: s.window_start,
        windowEnd: s.window_end,
      })),
      events: encodeReplayEvents(events, from),
      routes,
    };
  }
}

/** Couriers the events name (a move's other side may be of another hub). */
function referencedCouriers(
  events: readonly { courierId: number | null; otherCourierId: number | null }[],
): number[] {
  const ids = new Set<number>();
  for (const e of events) {
    if (e.courierId !== null) ids.add(e.courierId);
    if (e.otherCourierId !== null) ids.add(e.otherCourierId);
  }
  return [...ids];
}

/** The stops one courier's replay shows: placed on its route, visited by it, or in its events. */
function touchedStops(
  courierId: number,
  placements: readonly Placement[],
  visits: readonly Visit[],
  eventStops: ReadonlySet<number>,
  routes: readonly { stops: readonly { stopId: number }[] }[],
): Set<number> {
  const ids = new Set(eventStops);
  for (const p of placements) if (p.courierId === courierId) ids.add(p.stopId);
  for (const v of visits) if (v.courierId === courierId) ids.add(v.stopId);
  for (const r of routes) for (const s of r.stops) ids.add(s.stopId);
  return ids;
}

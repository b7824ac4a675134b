import {
  decodeReplayEvents,
  decodeReplayTrack,
  type Replay,
  type ReplayEvent,
  type ReplayFix,
  type ReplayRoute,
  type ReplayStop,
} from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import {
  featureCollection,
  type FeatureCollection,
  type LineString,
  type Point,
} from '../map/geojson';
import { indexStopVisits, stopStateAt, type StopState, type StopVisits } from './event-index';
import { positionAt, trailAt } from './interpolate';

/** How long a trail behind each courier is. */
export const TRAIL_MS = 10 * 60_000;

/** A replay decoded for playing: fixes per courier, events, stops and names. */
export interface ReplayDay {
  hubId: number;
  courierId: number | null;
  timezone: string;
  from: number;
  to: number;
  sampleSeconds: number;
  couriers: Map<number, { id: number; name: string }>;
  fixes: Map<number, ReplayFix[]>;
  stops: Map<number, ReplayStop>;
  events: ReplayEvent[];
  visits: StopVisits;
  routes: ReplayRoute[];
}

export function replayDay(replay: Replay): ReplayDay {
  const events = decodeReplayEvents(replay.events, replay.from);
  return {
    hubId: replay.hubId,
    courierId: replay.courierId,
    timezone: replay.timezone,
    from: replay.from,
    to: replay.to,
    sampleSeconds: replay.sampleSeconds,
    couriers: new Map(replay.couriers.map((c) => [c.id, c])),
    fixes: new Map(replay.tracks.map((t) => [t.courierId, decodeReplayTrack(t, replay.from)])),
    stops: new Map(replay.stops.map((s) => [s.id, s])),
    events,
    visits: indexStopVisits(events),
    routes: replay.routes,
  };
}

/** A gap in a courier's fixes longer than this is not drawn as a journey. */
export function maxGapMs(day: Pick<ReplayDay, 'sampleSeconds'>): number {
  return Math.max(120_000, day.sampleSeconds * 6_000);
}

/** Names a dispatcher reads: the courier's name, the stop's order reference. */
export function replayNames(day: Pick<ReplayDay, 'couriers' | 'stops'>, t: Translate) {
  return {
    courier: (id: number) => day.couriers.get(id)?.name ?? t('replay.anotherCourier'),
    stop: (id: number) => {
      const stop = day.stops.get(id);
      if (!stop) return t('replay.someStop');
      // An order's pickup and drop-off share its reference.
      return stop.kind === 'delivery'
        ? stop.label
        : t(`replay.stopKind.${stop.kind}`, { label: stop.label });
    },
  };
}

export type CourierPointProps = {
  courierId: number;
  name: string;
  /** Seconds since the fix behind the position. */
  ageS: number;
};

/** The couriers where they were at `t`. */
export function courierPointsAt(
  day: ReplayDay,
  t: number,
): FeatureCollection<Point, CourierPointProps> {
  const gap = maxGapMs(day);
  const features = [];
  for (const [courierId, fixes] of day.fixes) {
    const here = positionAt(fixes, t, gap);
    if (!here) continue;
    features.push({
      type: 'Feature' as const,
      id: courierId,
      geometry: { type: 'Point' as const, coordinates: [here.lng, here.lat] as [number, number] },
      properties: {
        courierId,
        name: day.couriers.get(courierId)?.name ?? '',
        ageS: Math.round(here.ageMs / 1000),
      },
    });
  }
  return featureCollection(features);
}

/** Each courier's path over the last minutes before `t`. */
export function trailsAt(
  day: ReplayDay,
  t: number,
): FeatureCollection<LineString, { courierId: number }> {
  const gap = maxGapMs(day);
  const features = [];
  for (const [courierId, fixes] of day.fixes) {
    const path = trailAt(fixes, t, TRAIL_MS, gap);
    if (path.length < 2) continue;
    features.push({
      type: 'Feature' as const,
      geometry: { type: 'LineString' as const, coordinates: path },
      properties: { courierId },
    });
  }
  return featureCollection(features);
}

/** The stops, each with its state at `t`. */
export function stopPointsAt(
  day: ReplayDay,
  t: number,
): FeatureCollection<Point, { stopId: number; state: StopState }> {
  return featureCollection(
    [...day.stops.values()].map((s) => ({
      type: 'Feature' as const,
      id: s.id,
      geometry: { type: 'Point' as const, coordinates: [s.lng, s.lat] as [number, number] },
      properties: { stopId: s.id, state: stopStateAt(s, day.visits, t) },
    })),
  );
}

/** The box around every fix and stop, [west, south, east, north], or null when there is nothing. */
export function replayBounds(day: ReplayDay): [number, number, number, number] | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const take = (lng: number, lat: number) => {
    west = Math.min(west, lng);
    east = Math.max(east, lng);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  };
  for (const fixes of day.fixes.values()) for (const f of fixes) take(f.lng, f.lat);
  for (const s of day.stops.values()) take(s.lng, s.lat);
  return Number.isFinite(west) ? [west, south, east, north] : null;
}

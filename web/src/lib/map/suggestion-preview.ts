import type { RoutePayload, RouteStop, SuggestionView } from '@dispatch/shared';
import { isClosedStatus } from '../state/route-timeline';
import type { FeatureCollection, LineString, LngLat, Point } from './geojson';

/** What each preview feature is: the losing route, the receiving route, or a moved stop. */
export type PreviewRole = 'from' | 'to' | 'moved';

export type PreviewFeatures = FeatureCollection<
  LineString | Point,
  { role: PreviewRole; courierId: number | null; stopId: number | null }
>;

/** What the preview reads of a suggestion. */
export type PreviewedSuggestion = Pick<
  SuggestionView,
  'stopIds' | 'fromCourierId' | 'toCourierId' | 'insertPosition'
>;

/** Where things are, beyond the routes: couriers' positions and any stop's place. */
export interface PreviewPlaces {
  courierAt: (courierId: number) => { lat: number; lng: number } | null;
  stopAt: (stopId: number) => { lat: number; lng: number } | undefined;
}

const openInOrder = (route: RoutePayload | null): RouteStop[] =>
  route ? route.stops.filter((s) => !isClosedStatus(s.status)).sort((a, b) => a.seq - b.seq) : [];

/**
 * The route the receiving courier would drive: its open stops without the moved ones (a
 * re-sequence moves within one route), with the moved stops inserted at the suggestion's 1-based
 * position in that list (appended when it has none or it is past the end). Returns stop ids.
 */
export function receivingOrder(
  toRoute: RoutePayload | null,
  stopIds: readonly number[],
  insertPosition: number | null,
): number[] {
  const moving = new Set(stopIds);
  const kept = openInOrder(toRoute)
    .map((s) => s.id)
    .filter((id) => !moving.has(id));
  const at =
    insertPosition === null ? kept.length : Math.min(Math.max(insertPosition - 1, 0), kept.length);
  return [...kept.slice(0, at), ...stopIds, ...kept.slice(at)];
}

/**
 * The selected suggestion on the map: the current route of the courier losing the stops (drawn
 * dashed), the receiving courier's route with the stops inserted (solid), and the stops moved.
 * Each line starts where its courier is, when known.
 */
export function suggestionPreview(
  suggestion: PreviewedSuggestion,
  routes: { from: RoutePayload | null; to: RoutePayload | null },
  places: PreviewPlaces,
): PreviewFeatures {
  const routeStops = new Map<number, LngLat>();
  for (const route of [routes.from, routes.to]) {
    for (const s of route?.stops ?? []) routeStops.set(s.id, [s.lng, s.lat]);
  }
  const where = (stopId: number): LngLat | undefined => {
    const known = routeStops.get(stopId);
    if (known) return known;
    const stop = places.stopAt(stopId);
    return stop ? [stop.lng, stop.lat] : undefined;
  };
  const features: PreviewFeatures['features'] = [];
  const line = (role: 'from' | 'to', courierId: number | null, stopIds: readonly number[]) => {
    const origin = courierId === null ? null : places.courierAt(courierId);
    const coordinates: LngLat[] = origin ? [[origin.lng, origin.lat]] : [];
    for (const id of stopIds) {
      const at = where(id);
      if (at) coordinates.push(at);
    }
    if (coordinates.length < 2) return;
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates },
      properties: { role, courierId, stopId: null },
    });
  };
  if (suggestion.fromCourierId !== null) {
    line(
      'from',
      suggestion.fromCourierId,
      openInOrder(routes.from).map((s) => s.id),
    );
  }
  if (suggestion.toCourierId !== null) {
    line(
      'to',
      suggestion.toCourierId,
      receivingOrder(routes.to, suggestion.stopIds, suggestion.insertPosition),
    );
  }
  for (const stopId of suggestion.stopIds) {
    const at = where(stopId);
    if (!at) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: { role: 'moved', courierId: null, stopId },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Every point of the preview, to frame it. */
export function previewPoints(preview: PreviewFeatures): LngLat[] {
  return preview.features.flatMap((f) =>
    f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates,
  );
}

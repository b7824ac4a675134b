import type { Stop, StopKind } from '@dispatch/shared';
import type { SlaState } from '../state/route-timeline';
import type { StopPair } from '../state/selection.svelte';
import { stopVerdict } from '../state/stops.svelte';
import type { FeatureCollection, Point } from './geojson';

export interface StopFeatureProps {
  id: number;
  kind: StopKind;
  sla: SlaState;
  open: boolean;
}

/** The stops to draw (already filtered), coloured by SLA state. */
export function stopFeatures(
  stops: Iterable<Stop>,
  now: number,
): FeatureCollection<Point, StopFeatureProps> {
  const features: FeatureCollection<Point, StopFeatureProps>['features'] = [];
  for (const stop of stops) {
    const sla = stopVerdict(stop, now).state;
    features.push({
      type: 'Feature',
      id: stop.id,
      geometry: { type: 'Point', coordinates: [stop.lng, stop.lat] },
      properties: { id: stop.id, kind: stop.kind, sla, open: sla !== 'done' && sla !== 'failed' },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Selected stops and the highlighted pickup/delivery pair, drawn above the clusters. */
export function highlightedStopFeatures(
  byId: (id: number) => Stop | undefined,
  selected: Iterable<number>,
  pair: StopPair | null,
): FeatureCollection<Point, { id: number; role: 'selected' | 'pickup' | 'drop' }> {
  const features: FeatureCollection<
    Point,
    { id: number; role: 'selected' | 'pickup' | 'drop' }
  >['features'] = [];
  const add = (id: number | null, role: 'selected' | 'pickup' | 'drop') => {
    const stop = id === null ? undefined : byId(id);
    if (!stop) return;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [stop.lng, stop.lat] },
      properties: { id: stop.id, role },
    });
  };
  for (const id of selected) add(id, 'selected');
  if (pair) {
    add(pair.pickupId, 'pickup');
    add(pair.dropId, 'drop');
  }
  return { type: 'FeatureCollection', features };
}

import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { EMPTY_COLLECTION, type FeatureCollection, type Geometry } from './geojson';
import {
  HEX_RAMP,
  MARK_DARK_COLOR,
  PREVIEW_FROM_COLOR,
  PREVIEW_TO_COLOR,
  ROUTE_COLOR,
  SELECTED_COLOR,
  SLA_COLORS,
  TRAIL_COLOR,
  matchColor,
} from './palette';

/** The console's own GeoJSON sources, each updated only with `setData`. */
export const SOURCES = {
  hexes: 'hexes',
  trail: 'trail',
  route: 'route',
  stops: 'stops',
  stopHighlights: 'stop-highlights',
  preview: 'suggestion-preview',
} as const;
export type OverlaySource = (typeof SOURCES)[keyof typeof SOURCES];

export const LAYERS = {
  hexFill: 'hex-fill',
  hexLine: 'hex-line',
  trail: 'trail-line',
  route: 'route-line',
  stopClusters: 'stop-clusters',
  stops: 'stop-points',
  stopHighlights: 'stop-highlights',
  previewFrom: 'preview-from-line',
  previewTo: 'preview-to-line',
  previewStops: 'preview-stops',
  /** The couriers: a custom layer (see CourierLayer), not a GeoJSON source. */
  couriers: 'couriers',
} as const;

export function setSourceData<G extends Geometry, P>(
  map: MapLibreMap,
  id: OverlaySource,
  data: FeatureCollection<G, P>,
): void {
  // setData resolves when the worker has the data; nothing waits on it.
  void map.getSource<GeoJSONSource>(id)?.setData(data as never);
}

/**
 * Adds the console's overlays above the base map, bottom to top: H3 hexes, trail, route line,
 * stops (clustered when zoomed out), highlighted stops, the selected suggestion's preview. The
 * couriers' custom layer goes on top of them. Text is drawn with HTML markers elsewhere, so no
 * layer here needs glyphs.
 */
export function addOverlays(map: MapLibreMap): void {
  const empty = () => ({ type: 'geojson' as const, data: EMPTY_COLLECTION as never });
  map.addSource(SOURCES.hexes, empty());
  map.addSource(SOURCES.trail, empty());
  map.addSource(SOURCES.route, empty());
  map.addSource(SOURCES.stops, {
    ...empty(),
    cluster: true,
    clusterRadius: 40,
    clusterMaxZoom: 13,
    clusterProperties: {
      late: ['+', ['case', ['==', ['get', 'sla'], 'late'], 1, 0]],
      atRisk: ['+', ['case', ['==', ['get', 'sla'], 'at_risk'], 1, 0]],
    },
  });
  map.addSource(SOURCES.stopHighlights, empty());
  map.addSource(SOURCES.preview, empty());

  map.addLayer({
    id: LAYERS.hexFill,
    type: 'fill',
    source: SOURCES.hexes,
    layout: { visibility: 'none' },
    paint: {
      'fill-color': [
        'interpolate',
        ['linear'],
        ['get', 'lateShare'],
        ...HEX_RAMP.flat(),
      ] as unknown as ExpressionSpecification,
      'fill-opacity': [
        'interpolate',
        ['linear'],
        ['+', ['get', 'couriers'], ['get', 'openStops']],
        0,
        0.08,
        20,
        0.45,
      ],
    },
  });
  map.addLayer({
    id: LAYERS.hexLine,
    type: 'line',
    source: SOURCES.hexes,
    layout: { visibility: 'none' },
    paint: { 'line-color': '#8b949e', 'line-opacity': 0.5, 'line-width': 1 },
  });
  map.addLayer({
    id: LAYERS.trail,
    type: 'line',
    source: SOURCES.trail,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': TRAIL_COLOR,
      'line-width': 2,
      'line-opacity': 0.6,
      'line-dasharray': [1, 2],
    },
  });
  map.addLayer({
    id: LAYERS.route,
    type: 'line',
    source: SOURCES.route,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': ROUTE_COLOR, 'line-width': 3, 'line-opacity': 0.85 },
  });
  map.addLayer({
    id: LAYERS.stopClusters,
    type: 'circle',
    source: SOURCES.stops,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': [
        'case',
        ['>', ['get', 'late'], 0],
        SLA_COLORS.late,
        ['>', ['get', 'atRisk'], 0],
        SLA_COLORS.at_risk,
        SLA_COLORS.on_time,
      ],
      'circle-opacity': 0.55,
      'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 10, 50, 18, 500, 28],
      'circle-stroke-color': '#0d1117',
      'circle-stroke-width': 1,
    },
  });
  map.addLayer({
    id: LAYERS.stops,
    type: 'circle',
    source: SOURCES.stops,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': matchColor('sla', SLA_COLORS, SLA_COLORS.on_time),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 3, 15, 6],
      'circle-stroke-color': '#0d1117',
      'circle-stroke-width': ['case', ['==', ['get', 'kind'], 'delivery'], 0.5, 2],
    },
  });
  map.addLayer({
    id: LAYERS.stopHighlights,
    type: 'circle',
    source: SOURCES.stopHighlights,
    paint: {
      'circle-radius': 10,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-width': 2.5,
      'circle-stroke-color': ['match', ['get', 'role'], 'selected', SELECTED_COLOR, '#f0f6fc'],
    },
  });
  // The selected suggestion: the losing route dashed, the receiving one solid, the moved stops.
  map.addLayer({
    id: LAYERS.previewFrom,
    type: 'line',
    source: SOURCES.preview,
    filter: ['==', ['get', 'role'], 'from'],
    layout: { 'line-cap': 'butt', 'line-join': 'round' },
    paint: {
      'line-color': PREVIEW_FROM_COLOR,
      'line-width': 3,
      'line-opacity': 0.9,
      'line-dasharray': [2, 1.5],
    },
  });
  map.addLayer({
    id: LAYERS.previewTo,
    type: 'line',
    source: SOURCES.preview,
    filter: ['==', ['get', 'role'], 'to'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': PREVIEW_TO_COLOR, 'line-width': 4, 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: LAYERS.previewStops,
    type: 'circle',
    source: SOURCES.preview,
    filter: ['==', ['get', 'role'], 'moved'],
    paint: {
      'circle-radius': 9,
      'circle-color': PREVIEW_TO_COLOR,
      'circle-stroke-color': MARK_DARK_COLOR,
      'circle-stroke-width': 2,
    },
  });
}

/** Shows or hides the H3 layer. */
export function setHexesVisible(map: MapLibreMap, visible: boolean): void {
  for (const id of [LAYERS.hexFill, LAYERS.hexLine]) {
    map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}

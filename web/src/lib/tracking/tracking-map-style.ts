import type { ExpressionSpecification, LngLatBoundsLike, StyleSpecification } from 'maplibre-gl';
import type { TrackingMap } from '@dispatch/shared';

const LOOK = { background: '#e9edf1', street: '#ffffff', casing: '#c9d1d9' };

/** Street width by zoom, `atZ14` px at zoom 14, five times that at 18. */
const width = (atZ14: number): ExpressionSpecification => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  11,
  atZ14 / 4,
  14,
  atZ14,
  18,
  atZ14 * 5,
];

/**
 * The basemap: the operator's style when one is set, else a small one that needs nothing from
 * the internet, a plain background with the server's streets (GeoJSON lines) when it has them.
 * MapLibre fetches GeoJSON from its worker, so the streets' address is made absolute.
 */
export function trackingMapStyle(config: TrackingMap, origin: string): string | StyleSpecification {
  if (config.mapStyleUrl) return config.mapStyleUrl;
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': LOOK.background } },
    ],
  };
  if (!config.streetsUrl) return style;
  style.sources.streets = { type: 'geojson', data: new URL(config.streetsUrl, origin).href };
  const line = { type: 'line', source: 'streets' } as const;
  const layout = { 'line-cap': 'round', 'line-join': 'round' } as const;
  style.layers.push(
    {
      ...line,
      id: 'street-casing',
      layout,
      paint: { 'line-color': LOOK.casing, 'line-width': width(3.2) },
    },
    {
      ...line,
      id: 'streets',
      layout,
      paint: { 'line-color': LOOK.street, 'line-width': width(2) },
    },
  );
  return style;
}

/** What the map shows: the address and the courier, with room around them. */
export function trackingBounds(
  points: readonly { lat: number; lng: number }[],
): LngLatBoundsLike | null {
  if (points.length === 0) return null;
  const lngs = points.map((p) => p.lng);
  const lats = points.map((p) => p.lat);
  return [
    [Math.min(...lngs), Math.min(...lats)],
    [Math.max(...lngs), Math.max(...lats)],
  ];
}

import type { StyleSpecification } from 'maplibre-gl';
import type { ThemeName } from '../state/theme.svelte';
import { BASEMAP_COLORS } from './palette';

export const BASEMAP_LAYER_IDS = { background: 'basemap-background', streets: 'basemap-streets' };

/**
 * A map style that needs nothing from the internet: a plain background and, when the server has
 * a street network, its streets from GeoJSON as lines. No glyphs or sprites (no text layers).
 */
export function offlineStyle(streetsUrl: string | null, theme: ThemeName): StyleSpecification {
  const colors = BASEMAP_COLORS[theme];
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [
      {
        id: BASEMAP_LAYER_IDS.background,
        type: 'background',
        paint: { 'background-color': colors.background },
      },
    ],
  };
  if (streetsUrl) {
    style.sources.streets = { type: 'geojson', data: streetsUrl };
    style.layers.push({
      id: BASEMAP_LAYER_IDS.streets,
      type: 'line',
      source: 'streets',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': colors.streets,
        'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 10, 0.5, 14, 2, 18, 10],
      },
    });
  }
  return style;
}

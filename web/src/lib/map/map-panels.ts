import type * as maplibregl from 'maplibre-gl';
import type { LngLat } from './geojson';
import { boundsOf, paddingAround, type ScreenRect } from './map-framing';

/**
 * Panels drawn over the map — the legend and notices (marked `data-map-overlay`) and the map's
 * own controls — as rectangles relative to the map's corner.
 */
export function panelRects(mapElement: HTMLElement): ScreenRect[] {
  const origin = mapElement.getBoundingClientRect();
  const panels = mapElement.parentElement?.querySelectorAll('[data-map-overlay], .maplibregl-ctrl');
  return [...(panels ?? [])].map((element) => {
    const r = element.getBoundingClientRect();
    return {
      left: r.left - origin.left,
      top: r.top - origin.top,
      right: r.right - origin.left,
      bottom: r.bottom - origin.top,
    };
  });
}

/** Fits the map to some points, clear of the panels over it; a single point is centred. */
export function frameOnMap(map: maplibregl.Map, points: LngLat[], panels: ScreenRect[]): void {
  const bounds = boundsOf(points);
  if (!bounds) return;
  const [[west, south], [east, north]] = bounds;
  if (west === east && south === north) {
    map.easeTo({ center: [west, south], zoom: Math.max(map.getZoom(), 14) });
    return;
  }
  const canvas = map.getCanvas();
  const padding = paddingAround(canvas.clientWidth, canvas.clientHeight, panels);
  map.fitBounds(bounds, { padding, maxZoom: 16, duration: 600 });
}

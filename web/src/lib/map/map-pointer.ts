import type * as maplibregl from 'maplibre-gl';
import { LAYERS, SOURCES } from './overlay-layers';

/** What the pointer on the map leads to. */
export interface PointerActions {
  /** The courier under a point, picked from the courier layer. */
  courierAt: (point: { x: number; y: number }) => number | null;
  /** Where a courier's marker is drawn now. */
  markerAt: (courierId: number) => { x: number; y: number } | null;
  selectCourier: (courierId: number) => void;
  pickStop: (stopId: number, additive: boolean) => void;
  /** The courier under the pointer and its marker's place, or null when there is none. */
  hover: (over: { id: number; x: number; y: number } | null) => void;
}

/**
 * Clicks and hovering on the map: a click on a courier selects it, on a stop picks it (shift
 * adds), on a cluster zooms into it; the pointer shows what can be clicked, and the courier
 * under it is reported for its tooltip.
 */
export function wirePointer(map: maplibregl.Map, actions: PointerActions): void {
  map.on('click', (e) => {
    const id = actions.courierAt(e.point);
    if (id !== null) actions.selectCourier(id);
  });
  map.on('click', LAYERS.stops, (e) => {
    const id = e.features?.[0]?.properties?.id;
    const event = e.originalEvent;
    if (typeof id === 'number') {
      actions.pickStop(id, event.shiftKey || event.metaKey || event.ctrlKey);
    }
  });
  map.on('click', LAYERS.stopClusters, (e) => {
    const clusterId = e.features?.[0]?.properties?.cluster_id;
    const source = map.getSource<maplibregl.GeoJSONSource>(SOURCES.stops);
    if (typeof clusterId !== 'number' || !source) return;
    source.getClusterExpansionZoom(clusterId).then(
      (zoom) => map.easeTo({ center: e.lngLat, zoom }),
      () => {},
    );
  });
  // A pointer over a stop (MapLibre tells) or a courier (picked here) shows it can be clicked.
  const hovered = { stopLayers: 0, courier: false };
  const showPointer = () => {
    const clickable = hovered.stopLayers > 0 || hovered.courier;
    map.getCanvas().style.cursor = clickable ? 'pointer' : '';
  };
  for (const layer of [LAYERS.stops, LAYERS.stopClusters]) {
    map.on('mouseenter', layer, () => {
      hovered.stopLayers++;
      showPointer();
    });
    map.on('mouseleave', layer, () => {
      hovered.stopLayers = Math.max(0, hovered.stopLayers - 1);
      showPointer();
    });
  }
  map.on('mousemove', (e) => {
    const id = actions.courierAt(e.point);
    hovered.courier = id !== null;
    showPointer();
    const at = id === null ? null : (actions.markerAt(id) ?? e.point);
    actions.hover(id === null || !at ? null : { id, x: at.x, y: at.y });
  });
  map.getCanvas().addEventListener('mouseleave', () => actions.hover(null));
}

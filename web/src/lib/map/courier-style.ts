import { COURIER_STATUSES } from '@dispatch/shared';
import { ALERT_RING_COLOR, COURIER_STATUS_COLORS, SELECTED_COLOR } from './palette';

/** Two zoom stops and their values: `[zoom, value, zoom, value]`. */
export type ZoomRamp = readonly [number, number, number, number];

/** How courier markers look: a status-coloured dot, an alert ring, a heading arrow ahead of it. */
export const COURIER_MARKER = {
  radiusPx: [10, 4, 16, 8] as ZoomRamp,
  strokePx: 1,
  strokeColor: '#0d1117',
  selectedStrokePx: 3,
  selectedStrokeColor: SELECTED_COLOR,
  alertRingRadiusPx: [10, 8, 16, 13] as ZoomRamp,
  alertRingWidthPx: 2.5,
  alertRingColor: ALERT_RING_COLOR,
  /** The arrow's size (its 24-unit drawing) in pixels at each zoom. */
  arrowPx: [10, 7.2, 16, 12] as ZoomRamp,
  /** How far ahead of the dot's centre the arrow sits, along the heading, at each zoom. */
  arrowOffsetPx: [10, 8.4, 16, 14] as ZoomRamp,
  arrowOpacity: 0.9,
  /** Opacity of the dot's fill and of the arrow when the fix is stale. */
  staleOpacity: 0.35,
} as const;

/**
 * A value linear in zoom between two stops and flat outside them, as MapLibre's
 * `['interpolate', ['linear'], ['zoom'], …]` gives it.
 */
export function atZoom(ramp: ZoomRamp, zoom: number): number {
  const [z0, v0, z1, v1] = ramp;
  if (zoom <= z0) return v0;
  if (zoom >= z1) return v1;
  return v0 + ((v1 - v0) * (zoom - z0)) / (z1 - z0);
}

/** Marker sizes in CSS pixels at a zoom. */
export interface CourierMarkerSizes {
  radiusPx: number;
  alertRingRadiusPx: number;
  arrowPx: number;
  arrowOffsetPx: number;
}

/** Marker sizes at a zoom, written into `out` (a frame reuses one object). */
export function markerSizes(
  zoom: number,
  out: CourierMarkerSizes = { radiusPx: 0, alertRingRadiusPx: 0, arrowPx: 0, arrowOffsetPx: 0 },
): CourierMarkerSizes {
  out.radiusPx = atZoom(COURIER_MARKER.radiusPx, zoom);
  out.alertRingRadiusPx = atZoom(COURIER_MARKER.alertRingRadiusPx, zoom);
  out.arrowPx = atZoom(COURIER_MARKER.arrowPx, zoom);
  out.arrowOffsetPx = atZoom(COURIER_MARKER.arrowOffsetPx, zoom);
  return out;
}

/** How near a click must fall to a dot's centre to pick it: the dot and its stroke, and a margin. */
export function pickRadiusPx(zoom: number): number {
  return atZoom(COURIER_MARKER.radiusPx, zoom) + COURIER_MARKER.selectedStrokePx + 2;
}

/** A `#rrggbb` colour as red, green and blue from 0 to 1. */
export function rgbOf(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [1, 2, 3].map((i) => parseInt(match[i]!, 16) / 255) as [number, number, number];
}

/** The status colours as consecutive RGB triples, in COURIER_STATUSES order (a uniform array). */
export function statusColorTable(): Float32Array {
  return new Float32Array(
    COURIER_STATUSES.flatMap((status) => rgbOf(COURIER_STATUS_COLORS[status])),
  );
}

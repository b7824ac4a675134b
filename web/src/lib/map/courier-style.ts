import { COURIER_STATES, MOVEMENTS, type Movement } from '../state/fleet-lateness';
import { COURIER_STATE_COLORS, MARK_DARK_COLOR, MARK_LIGHT_COLOR, SELECTED_COLOR } from './palette';

/** Two zoom stops and their values: `[zoom, value, zoom, value]`. */
export type ZoomRamp = readonly [number, number, number, number];

/**
 * How courier markers look: a dot filled by the courier's worst open stop, a mark for how it
 * moves (see MOVEMENT_MARKS), a heading arrow ahead of it.
 */
export const COURIER_MARKER = {
  radiusPx: [10, 4.5, 16, 9] as ZoomRamp,
  /** A light rim tells couriers from stops, which are drawn without one. */
  strokePx: 1.5,
  strokeColor: MARK_LIGHT_COLOR,
  selectedStrokePx: 3,
  selectedStrokeColor: SELECTED_COLOR,
  /** The stalled courier's dashed ring. */
  alertRingRadiusPx: [10, 8, 16, 13.5] as ZoomRamp,
  alertRingWidthPx: 2,
  alertRingDashes: 8,
  markLightColor: MARK_LIGHT_COLOR,
  markDarkColor: MARK_DARK_COLOR,
  /** The arrow's size (its 24-unit drawing) in pixels at each zoom. */
  arrowPx: [10, 7.2, 16, 12] as ZoomRamp,
  /** How far ahead of the dot's centre the arrow sits, along the heading, at each zoom. */
  arrowOffsetPx: [10, 9.5, 16, 15.5] as ZoomRamp,
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

/**
 * The mark inside or around a dot for each movement: a centre pip (light or dark, as a share of
 * the radius), a hole (offline: only a rim of the fill is left), a dashed ring (stalled). Shapes
 * and lightness, not hue, so the mark reads whatever the fill colour.
 */
export const MOVEMENT_MARKS: Record<
  Movement,
  { pip: 'none' | 'light' | 'dark' | 'hole'; pipShare: number; dashedRing: boolean }
> = {
  moving: { pip: 'none', pipShare: 0, dashedRing: false },
  at_stop: { pip: 'light', pipShare: 0.45, dashedRing: false },
  waiting: { pip: 'dark', pipShare: 0.45, dashedRing: false },
  stalled: { pip: 'dark', pipShare: 0.45, dashedRing: true },
  offline: { pip: 'hole', pipShare: 0.65, dashedRing: false },
};

/** The pip kinds as the shader numbers them. */
export const PIP_CODES = { none: 0, light: 1, dark: 2, hole: 3 } as const;

/** Per movement, in MOVEMENTS order: pip code, pip share, dashed ring (0/1) — a uniform array. */
export function movementMarkTable(): Float32Array {
  return new Float32Array(
    MOVEMENTS.flatMap((m) => {
      const mark = MOVEMENT_MARKS[m];
      return [PIP_CODES[mark.pip], mark.pipShare, mark.dashedRing ? 1 : 0];
    }),
  );
}

/** The state colours as consecutive RGB triples, in COURIER_STATES order (a uniform array). */
export function stateColorTable(): Float32Array {
  return new Float32Array(COURIER_STATES.flatMap((state) => rgbOf(COURIER_STATE_COLORS[state])));
}

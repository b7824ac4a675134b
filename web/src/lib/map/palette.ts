import type { ExpressionSpecification } from 'maplibre-gl';
import type { CourierState } from '../state/fleet-lateness';
import type { SlaState } from '../state/route-timeline';
import type { ThemeName } from '../state/theme.svelte';

/**
 * Stop colours by SLA state, from the Okabe–Ito set so late, at risk and on time stay apart for
 * colour-blind eyes (vermillion, orange, bluish green differ in lightness as well as hue).
 */
export const SLA_COLORS: Record<SlaState, string> = {
  on_time: '#009e73',
  at_risk: '#e69f00',
  late: '#d55e00',
  done: '#6e7681',
  failed: '#cc79a7',
};

/** Courier marker fill by the courier's worst open stop; the same colours as the stops. */
export const COURIER_STATE_COLORS: Record<CourierState, string> = {
  late: SLA_COLORS.late,
  at_risk: SLA_COLORS.at_risk,
  on_time: SLA_COLORS.on_time,
  none: '#8b949e',
};

/** The dashed ring of a stalled courier and the pip of one at a stop: light, with a dark edge. */
export const MARK_LIGHT_COLOR = '#f6f8fa';
export const MARK_DARK_COLOR = '#0d1117';
export const SELECTED_COLOR = '#ffd33d';
export const ROUTE_COLOR = '#ffd33d';
export const TRAIL_COLOR = '#c9d1d9';
/** The suggestion preview: the route losing stops (dashed) and the one receiving them. */
export const PREVIEW_FROM_COLOR = '#c9d1d9';
export const PREVIEW_TO_COLOR = '#56b4e9';
/** The hex layer's ramp: share of open stops that are late, 0 to 50 %. */
export const HEX_RAMP: readonly (readonly [number, string])[] = [
  [0, '#56b4e9'],
  [0.25, SLA_COLORS.at_risk],
  [0.5, SLA_COLORS.late],
];

/** The offline base map's colours per theme. */
export const BASEMAP_COLORS: Record<ThemeName, { background: string; streets: string }> = {
  dark: { background: '#10161d', streets: '#2b3642' },
  light: { background: '#eef1f4', streets: '#c3ccd6' },
};

/** A MapLibre `match` expression mapping a string property to colours. */
export function matchColor(
  property: string,
  colors: Record<string, string>,
  fallback: string,
): ExpressionSpecification {
  const pairs = Object.entries(colors).flatMap(([key, color]) => [key, color]);
  // The spec's tuple type cannot express a variable number of pairs.
  return ['match', ['get', property], ...pairs, fallback] as unknown as ExpressionSpecification;
}

import type { ExpressionSpecification } from 'maplibre-gl';
import type { CourierStatus } from '@dispatch/shared';
import type { SlaState } from '../state/route-timeline';
import type { ThemeName } from '../state/theme.svelte';

/** Courier marker colours, shared by the map layers and the legends. */
export const COURIER_STATUS_COLORS: Record<CourierStatus, string> = {
  en_route: '#4f9dff',
  idle: '#9aa5b1',
  at_stop: '#2ec4b6',
  on_break: '#b392f0',
  offline: '#59636e',
};

/** Stop colours by SLA state. */
export const SLA_COLORS: Record<SlaState, string> = {
  on_time: '#3fb950',
  at_risk: '#d29922',
  late: '#f85149',
  done: '#6e7681',
  failed: '#db61a2',
};

export const ALERT_RING_COLOR = '#ff4d4f';
export const SELECTED_COLOR = '#ffd33d';
export const ROUTE_COLOR = '#ffd33d';
export const TRAIL_COLOR = '#c9d1d9';

/** The offline base map's colours per theme. */
export const BASEMAP_COLORS: Record<ThemeName, { background: string; streets: string }> = {
  dark: { background: '#10161d', streets: '#2b3642' },
  light: { background: '#eef1f4', streets: '#c3ccd6' },
};

export const SLA_LABELS: Record<SlaState, string> = {
  on_time: 'on time',
  at_risk: 'at risk',
  late: 'late',
  done: 'done',
  failed: 'failed',
};

export const STATUS_LABELS: Record<CourierStatus, string> = {
  en_route: 'en route',
  idle: 'idle',
  at_stop: 'at stop',
  on_break: 'on break',
  offline: 'offline',
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

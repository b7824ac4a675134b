import * as maplibregl from 'maplibre-gl';
import type { TrailPoint } from '@dispatch/shared';
import type { TimelineEntry } from '../state/route-timeline';
import { clockTime } from '../ui/clock-time';
import { SLA_LABELS } from './palette';
import type { FeatureCollection, LineString, LngLat } from './geojson';

/** The selected courier's remaining route: from where it is through its open stops in order. */
export function routeLine(
  origin: LngLat | null,
  entries: readonly TimelineEntry[],
): FeatureCollection<LineString> {
  const coordinates: LngLat[] = origin ? [origin] : [];
  for (const e of entries) {
    if (e.state !== 'done' && e.state !== 'failed') coordinates.push([e.stop.lng, e.stop.lat]);
  }
  return {
    type: 'FeatureCollection',
    features:
      coordinates.length < 2
        ? []
        : [{ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: {} }],
  };
}

/** The courier's recent positions as one line, oldest first. */
export function trailLine(points: readonly TrailPoint[]): FeatureCollection<LineString> {
  const coordinates = points.map((p): LngLat => [p.lng, p.lat]);
  return {
    type: 'FeatureCollection',
    features:
      coordinates.length < 2
        ? []
        : [{ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: {} }],
  };
}

/** Label text of a route stop: sequence number, arrival, lateness. */
export function routeLabel(entry: TimelineEntry): string {
  const seq = String(entry.stop.seq);
  if (entry.state === 'done' || entry.state === 'failed')
    return `${seq} · ${SLA_LABELS[entry.state]}`;
  if (entry.arrival === null) return seq;
  const late =
    entry.state === 'late' && entry.minutesLate !== null ? ` +${entry.minutesLate}′` : '';
  return `${seq} · ${entry.estimated ? '~' : ''}${clockTime(entry.arrival)}${late}`;
}

/**
 * HTML labels (sequence number and ETA) on the selected route's stops. HTML markers need no
 * glyphs, which an offline style cannot load.
 */
export class RouteMarkers {
  readonly #markers = new Map<number, { marker: maplibregl.Marker; element: HTMLButtonElement }>();

  constructor(
    private readonly map: maplibregl.Map,
    private readonly onPick: (stopId: number, additive: boolean) => void,
  ) {}

  update(entries: readonly TimelineEntry[], selected: ReadonlySet<number>): void {
    const seen = new Set<number>();
    for (const entry of entries) {
      const id = entry.stop.id;
      seen.add(id);
      let held = this.#markers.get(id);
      if (!held) {
        const element = document.createElement('button');
        element.type = 'button';
        element.dataset.stopId = String(id);
        element.dataset.testid = 'route-label';
        element.addEventListener('click', (event) => {
          event.stopPropagation();
          this.onPick(id, event.shiftKey || event.metaKey || event.ctrlKey);
        });
        const marker = new maplibregl.Marker({ element, anchor: 'bottom', offset: [0, -8] })
          .setLngLat([entry.stop.lng, entry.stop.lat])
          .addTo(this.map);
        held = { marker, element };
        this.#markers.set(id, held);
      }
      held.marker.setLngLat([entry.stop.lng, entry.stop.lat]);
      held.element.textContent = routeLabel(entry);
      held.element.className = `route-label sla-${entry.state}${selected.has(id) ? ' selected' : ''}`;
      held.element.setAttribute('aria-label', `Stop ${entry.stop.seq}, ${SLA_LABELS[entry.state]}`);
    }
    for (const [id, held] of this.#markers) {
      if (seen.has(id)) continue;
      held.marker.remove();
      this.#markers.delete(id);
    }
  }

  clear(): void {
    this.update([], new Set());
  }
}

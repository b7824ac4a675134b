import * as maplibregl from 'maplibre-gl';
import type { RoutePath, TrailPoint } from '@dispatch/shared';
import { language } from '../i18n/language.svelte';
import type { Translate } from '../i18n/translate';
import type { TimelineEntry } from '../state/route-timeline';
import { clockTime } from '../ui/clock-time';
import { SLA_COLORS } from './palette';
import { SLA_LABELS } from './state-labels';
import type { FeatureCollection, LineString, LngLat } from './geojson';

/**
 * The selected courier's remaining route: from where it is through its open stops in order.
 * Where the server drew the legs along the streets (`path`, for these stops in this order) the
 * line follows them; past them, or without them, it goes straight from stop to stop.
 */
export function routeLine(
  origin: LngLat | null,
  entries: readonly TimelineEntry[],
  path: RoutePath | null = null,
): FeatureCollection<LineString> {
  const legs = new Map<string, LngLat[]>();
  if (path?.shape === 'streets') {
    for (const leg of path.legs)
      legs.set(`${leg.fromStopId}>${leg.toStopId}`, leg.geometry.coordinates);
  }
  const coordinates: LngLat[] = origin ? [origin] : [];
  let from: number | null = null; // the courier, then each stop
  for (const entry of entries) {
    if (entry.state === 'done' || entry.state === 'failed') continue;
    const stop = entry.stop;
    const street = coordinates.length > 0 ? legs.get(`${from}>${stop.id}`) : undefined;
    // The leg from the courier starts where it was a moment ago: draw from where it is now.
    if (street)
      for (const point of street.slice(from === null ? 1 : 0)) pushDistinct(coordinates, point);
    else pushDistinct(coordinates, [stop.lng, stop.lat]);
    from = stop.id;
  }
  return {
    type: 'FeatureCollection',
    features:
      coordinates.length < 2
        ? []
        : [{ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: {} }],
  };
}

function pushDistinct(line: LngLat[], point: readonly [number, number]): void {
  const last = line.at(-1);
  if (last && last[0] === point[0] && last[1] === point[1]) return;
  line.push([point[0], point[1]]);
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

/** The words a label needs: the translation and the locale times are written in. */
export interface LabelLanguage {
  t: Translate;
  formatLocale: string;
}

/** Label text of a route stop: sequence number, arrival, lateness. */
export function routeLabel(entry: TimelineEntry, words: LabelLanguage): string {
  const seq = String(entry.stop.seq);
  if (entry.state === 'done' || entry.state === 'failed')
    return `${seq} · ${words.t(SLA_LABELS[entry.state])}`;
  if (entry.arrival === null) return seq;
  const late =
    entry.state === 'late' && entry.minutesLate !== null ? ` +${entry.minutesLate}′` : '';
  const arrival = clockTime(entry.arrival, { locale: words.formatLocale });
  return `${seq} · ${entry.estimated ? '~' : ''}${arrival}${late}`;
}

/**
 * HTML labels (sequence number and ETA) on the selected route's stops: buttons a dispatcher can
 * click, which a map symbol layer cannot be. Worded in `words` (the console's language by
 * default, read on each update so an effect calling it follows a change of language).
 */
export class RouteMarkers {
  readonly #markers = new Map<number, { marker: maplibregl.Marker; element: HTMLButtonElement }>();

  constructor(
    private readonly map: maplibregl.Map,
    private readonly onPick: (stopId: number, additive: boolean) => void,
    private readonly words: LabelLanguage = language,
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
      const text = routeLabel(entry, this.words);
      held.element.textContent = text;
      held.element.className = `route-label sla-${entry.state}${selected.has(id) ? ' selected' : ''}`;
      // The same colours as the stops and courier markers.
      held.element.style.borderColor = entry.state === 'done' ? '' : SLA_COLORS[entry.state];
      // The accessible name starts with the visible text, as speech input expects.
      held.element.setAttribute('aria-label', `${text}, ${this.words.t(SLA_LABELS[entry.state])}`);
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

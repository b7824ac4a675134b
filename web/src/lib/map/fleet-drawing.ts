import type { Map as MapLibreMap } from 'maplibre-gl';
import { COURIER_STATES } from '../state/fleet-lateness';
import type { Fleet } from '../state/fleet.svelte';
import { CourierLabels } from './courier-labels';
import { CourierLayer } from './courier-layer';
import { pickCourierSlot } from './courier-pick';
import { pickRadiusPx } from './courier-style';
import { CourierVertices, type CourierLook } from './courier-vertices';
import { labelWidthPx, placeLabels, type LabelCandidate } from './label-placement';
import type { ScreenRect } from './map-framing';

/** Names show from this zoom on (a few streets across). */
export const LABEL_MIN_ZOOM = 15;
/** At most this many names at once; the most behind couriers first. */
export const LABEL_CAP = 40;
const LABEL_HEIGHT_PX = 18;

/** What the fleet on the map is drawn from. */
export interface FleetDrawingSources {
  fleet: Fleet;
  /** Lateness, the legend's filter and the selection, read once per frame. */
  look: () => CourierLook;
  nameOf: (courierId: number) => string;
  /** Panels drawn over the map, relative to its top-left corner: no label goes under them. */
  panels: () => ScreenRect[];
}

/**
 * The couriers on one map: the WebGL layer, picking under the pointer, and HTML name labels at
 * street zoom. `frame` runs once per animation frame after the fleet flushed: it copies what
 * changed into the layer's vertices, asks for a repaint while anything changed or glides, and
 * places labels again when the map or the markers moved.
 */
export class FleetDrawing {
  readonly layer: CourierLayer;
  readonly #labels: CourierLabels;
  #drawnVersion = -1;
  #labelsDirty = true;

  constructor(
    private readonly map: MapLibreMap,
    layerId: string,
    origin: { lat: number; lng: number },
    private readonly sources: FleetDrawingSources,
  ) {
    this.layer = new CourierLayer(layerId, new CourierVertices(origin));
    this.#labels = new CourierLabels(map.getCanvasContainer().parentElement ?? map.getContainer());
  }

  /** The map moved or resized: labels are placed again on the next frame. */
  markMoved(): void {
    this.#labelsDirty = true;
  }

  frame(now: number): void {
    const { fleet } = this.sources;
    const timing = this.layer.timing;
    timing.moveMs = fleet.tickMs;
    timing.staleAfterMs = fleet.staleAfterTicks * fleet.tickMs;
    timing.live = fleet.live;
    const written = this.layer.vertices.sync(fleet, this.sources.look(), now);
    const gliding = now < fleet.table.animateUntil + 32;
    if (written || gliding || fleet.version !== this.#drawnVersion) this.map.triggerRepaint();
    if (written || gliding || this.#labelsDirty) this.#placeLabels(now);
    this.#drawnVersion = fleet.version;
    this.#labelsDirty = false;
  }

  /** The shown courier under a screen point (CSS pixels from the map's corner), if any. */
  courierAt(point: { x: number; y: number }): number | null {
    const view = this.layer.drawnView;
    if (!view) return null;
    const slot = pickCourierSlot(
      this.layer.vertices,
      view,
      point,
      Date.now(),
      this.layer.timing.moveMs,
      pickRadiusPx(this.map.getZoom()),
    );
    return slot === null ? null : (this.sources.fleet.table.ids[slot] ?? null);
  }

  /** Where a courier's marker is drawn now, in CSS pixels from the map's corner. */
  screenPointOf(courierId: number, now = Date.now()): { x: number; y: number } | null {
    const slot = this.sources.fleet.table.slotOf(courierId);
    if (slot === undefined) return null;
    const [lng, lat] = this.sources.fleet.table.lngLatAt(slot, now, [0, 0]);
    const p = this.map.project([lng, lat]);
    return { x: p.x, y: p.y };
  }

  remove(): void {
    this.#labels.remove();
  }

  #placeLabels(now: number): void {
    if (this.map.getZoom() < LABEL_MIN_ZOOM) {
      if (this.#labels.count > 0) this.#labels.update([]);
      return;
    }
    const { fleet } = this.sources;
    const look = this.sources.look();
    const { table } = fleet;
    const vertices = this.layer.vertices;
    const canvas = this.map.getCanvas();
    const area = { width: canvas.clientWidth, height: canvas.clientHeight };
    const at: [number, number] = [0, 0];
    const candidates: (LabelCandidate & { text: string; state: string })[] = [];
    for (let slot = 0; slot < Math.min(table.count, vertices.count); slot++) {
      if (!vertices.isShown(slot)) continue;
      table.lngLatAt(slot, now, at);
      const p = this.map.project(at);
      if (p.x < 0 || p.y < 0 || p.x > area.width || p.y > area.height) continue;
      const id = table.ids[slot]!;
      const state = look.lateness.get(id)?.state ?? 'none';
      const text = this.sources.nameOf(id);
      candidates.push({
        id,
        x: p.x,
        y: p.y,
        priority: COURIER_STATES.indexOf(state) + (id === look.selectedId ? 10 : 0),
        widthPx: labelWidthPx(text),
        heightPx: LABEL_HEIGHT_PX,
        text,
        state,
      });
    }
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const placed = placeLabels(candidates, area, this.sources.panels(), LABEL_CAP, 12);
    this.#labels.update(
      placed.map((p) => ({ ...p, text: byId.get(p.id)!.text, state: byId.get(p.id)!.state })),
    );
  }
}

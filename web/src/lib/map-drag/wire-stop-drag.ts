import type * as maplibregl from 'maplibre-gl';
import { LAYERS } from '../map/overlay-layers';
import { dropTargetAt, pointOnMap, type CourierFinder } from './drop-target';
import type { MapDrop, StopDrag } from './stop-drag.svelte';

/** What sits on the map without being the map: nothing is dropped there. */
const ABOVE_MAP = '[data-map-overlay], .maplibregl-ctrl';
/** The selected route's stop labels (see RouteMarkers), which a drag can start from. */
const ROUTE_LABEL = '[data-testid="route-label"][data-stop-id]';
/** Set on the map while a stop is dragged (the cursor shows it). */
export const DRAGGING_CLASS = 'stop-dragging';

/** What the map's stop drag reads and where its drop goes. */
export interface StopDragWiring extends CourierFinder {
  drag: StopDrag;
  /** The courier a pressed stop can be dragged from, or null: the press stays a click. */
  sourceOf(stopId: number): number | null;
  ondrop(drop: MapDrop): void;
}

/**
 * Pointer handling of a stop dragged on the map: a press on a stop of the selected route (its
 * label or its dot) starts it, and the map does not pan until the release; moves hit-test the
 * couriers; the release drops, Escape cancels. The click that follows a drag is swallowed, so it
 * neither selects the courier dropped on nor picks the stop. Returns a function that unwires it.
 */
export function wireStopDrag(map: maplibregl.Map, wiring: StopDragWiring): () => void {
  const container = map.getContainer();
  const { drag } = wiring;
  let pressed = false;
  let panWasOn = false;

  const listen = (on: boolean) => {
    if (on) {
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
      window.addEventListener('pointercancel', onCancel);
      window.addEventListener('blur', onCancel);
      window.addEventListener('keydown', onKey, { capture: true });
      return;
    }
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    window.removeEventListener('pointercancel', onCancel);
    window.removeEventListener('blur', onCancel);
    window.removeEventListener('keydown', onKey, { capture: true });
  };

  const begin = (stopId: number, x: number, y: number): boolean => {
    const from = pressed ? null : wiring.sourceOf(stopId);
    if (from === null) return false;
    pressed = true;
    drag.press(stopId, from, x, y);
    panWasOn = map.dragPan.isEnabled();
    map.dragPan.disable();
    listen(true);
    return true;
  };

  const finish = () => {
    pressed = false;
    listen(false);
    container.classList.remove(DRAGGING_CLASS);
    if (panWasOn) map.dragPan.enable();
  };

  function onMove(event: PointerEvent) {
    const current = drag.current;
    if (!current) return;
    const under = document.elementFromPoint(event.clientX, event.clientY);
    const covered = !under || !container.contains(under) || under.closest(ABOVE_MAP) !== null;
    const point = pointOnMap(
      { x: event.clientX, y: event.clientY },
      map.getCanvas().getBoundingClientRect(),
      covered,
    );
    const target = dropTargetAt(point, wiring, current.fromCourierId, current.target);
    drag.move(event.clientX, event.clientY, target);
    container.classList.toggle(DRAGGING_CLASS, drag.current?.active === true);
  }

  function onUp() {
    const dragged = drag.current?.active === true;
    const drop = drag.drop();
    finish();
    if (dragged) swallowNextClick();
    if (drop) wiring.ondrop(drop);
  }

  function onCancel() {
    drag.cancel();
    finish();
  }

  function onKey(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    // Escape ends the drag only; the page must not also clear the selection.
    event.preventDefault();
    event.stopPropagation();
    const dragged = drag.current?.active === true;
    onCancel();
    if (dragged) window.addEventListener('pointerup', swallowNextClick, { once: true });
  }

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || !(event.target instanceof Element)) return;
    const label = event.target.closest<HTMLElement>(ROUTE_LABEL);
    if (label) begin(Number(label.dataset.stopId), event.clientX, event.clientY);
  };
  const onStopDown = (event: maplibregl.MapLayerMouseEvent) => {
    const id: unknown = event.features?.[0]?.properties?.id;
    const { button, clientX, clientY } = event.originalEvent;
    if (button === 0 && typeof id === 'number' && begin(id, clientX, clientY)) {
      event.preventDefault();
    }
  };
  container.addEventListener('pointerdown', onPointerDown, { capture: true });
  map.on('mousedown', LAYERS.stops, onStopDown);
  return () => {
    container.removeEventListener('pointerdown', onPointerDown, { capture: true });
    map.off('mousedown', LAYERS.stops, onStopDown);
    if (pressed) onCancel();
  };
}

/** Swallows the click a drag's release is about to fire; gone after this turn either way. */
function swallowNextClick(): void {
  const swallow = (event: MouseEvent) => {
    event.stopPropagation();
    event.preventDefault();
  };
  window.addEventListener('click', swallow, { capture: true, once: true });
  setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
}

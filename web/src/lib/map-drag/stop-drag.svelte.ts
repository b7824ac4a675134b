import type { MovePreview, MovePreviewRequest } from '@dispatch/shared';
import { DRAG_SLOP, stopsToMove } from '../timeline/lane-drag.svelte';
import { MovePreviewer } from '../timeline/move-previewer.svelte';
import type { CourierDrop } from './drop-target';

/** A stop being dragged on the map, from the press until the drop. */
export interface StopDragState {
  stopId: number;
  fromCourierId: number;
  /** Where the press was and where the pointer is, in client pixels. */
  startX: number;
  startY: number;
  x: number;
  y: number;
  /** The pointer went past the slop: a drag, not a click. */
  active: boolean;
  target: CourierDrop | null;
}

/** The move a drop makes: these stops to that courier, at the previewed place when known. */
export interface MapDrop {
  stopIds: number[];
  toCourierId: number;
  /** 1-based place on the receiving route; absent when no preview came in time. */
  position?: number;
}

/**
 * Dragging a stop of the selected route onto another courier's marker: idle → pressed → (past
 * the slop) dragging, over a courier or not → dropped or cancelled. While over another courier,
 * the move is previewed (the server picks the place); a drop moves what the preview moves.
 */
export class StopDrag {
  current = $state.raw<StopDragState | null>(null);
  readonly previewer: MovePreviewer;

  constructor(
    fetchPreview: (request: MovePreviewRequest) => Promise<MovePreview>,
    previewDelayMs = 180,
  ) {
    this.previewer = new MovePreviewer(fetchPreview, previewDelayMs);
  }

  /** The courier a drop now would move the stop to (not its own one), once it is a drag. */
  get movingTo(): number | null {
    const drag = this.current;
    return drag?.active && drag.target && !drag.target.own ? drag.target.courierId : null;
  }

  press(stopId: number, fromCourierId: number, x: number, y: number): void {
    this.previewer.clear();
    this.current = {
      stopId,
      fromCourierId,
      startX: x,
      startY: y,
      x,
      y,
      active: false,
      target: null,
    };
  }

  /** The pointer moved to (x, y), over `target` (null: over no courier). */
  move(x: number, y: number, target: CourierDrop | null): void {
    const drag = this.current;
    if (!drag) return;
    const active = drag.active || Math.hypot(x - drag.startX, y - drag.startY) > DRAG_SLOP;
    this.current = { ...drag, x, y, active, target: active ? target : null };
    const to = this.movingTo;
    this.previewer.ask(to === null ? null : { stopIds: [drag.stopId], toCourierId: to });
  }

  /** The pointer was released: the move to make, or null for a click or a drop on no courier. */
  drop(): MapDrop | null {
    const to = this.movingTo;
    const drag = this.current;
    const preview = this.previewer.preview;
    this.cancel();
    if (to === null || !drag) return null;
    const stopIds = stopsToMove(preview, drag.stopId, to);
    // The previewer keeps only the answer for the move last asked: this one.
    if (preview?.toCourierId !== to) return { stopIds, toCourierId: to };
    return { stopIds, toCourierId: to, position: preview.position };
  }

  /** Ends the drag without moving anything. */
  cancel(): void {
    this.current = null;
    this.previewer.clear();
  }
}

/**
 * A drop made before its preview came in asks for it now, so the stops go to the place the
 * preview would have shown (and the rest of their order comes along); if it cannot be had, the
 * reassignment appends them and says why when it refuses.
 */
export async function settleDrop(
  drop: MapDrop,
  fetchPreview: (request: MovePreviewRequest) => Promise<MovePreview>,
): Promise<MapDrop> {
  if (drop.position !== undefined) return drop;
  try {
    const preview = await fetchPreview({ stopIds: drop.stopIds, toCourierId: drop.toCourierId });
    return { stopIds: preview.stopIds, toCourierId: drop.toCourierId, position: preview.position };
  } catch {
    return drop;
  }
}

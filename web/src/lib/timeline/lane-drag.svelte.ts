import type { MovePreview, MovePreviewRequest } from '@dispatch/shared';
import { dropPosition, isSamePlace, type DayLane } from './day-lanes';
import { MovePreviewer } from './move-previewer.svelte';

/** Pixels the pointer must travel before a press becomes a drag. */
export const DRAG_SLOP = 4;

/** Where a dragged stop would land: a lane (by row) and a 1-based place on it. */
export interface DropTarget {
  laneIndex: number;
  position: number;
  /** Dropping there leaves the stop where it is. */
  same: boolean;
}

/** A stop being dragged, from the press until the drop. */
export interface Drag {
  stopId: number;
  fromCourierId: number;
  startX: number;
  startY: number;
  x: number;
  y: number;
  /** The pointer went past the slop: a drag, not a click. */
  active: boolean;
  /** The lanes as they were when the drag began (live updates must not move the target). */
  lanes: DayLane[];
  target: DropTarget | null;
}

/** The lane row and the time under the pointer. */
export interface LaneSpot {
  laneIndex: number;
  time: number;
}

/** A move to make: these stops to that courier, at that place. */
export interface LaneMove {
  stopIds: number[];
  toCourierId: number;
  position: number;
}

/** Where stop `stopId` would land when dropped at `spot` (null: not over a lane). */
export function dropTarget(
  lanes: readonly DayLane[],
  stopId: number,
  spot: LaneSpot,
): DropTarget | null {
  const lane = lanes[spot.laneIndex];
  if (!lane) return null;
  const moving = new Set([stopId]);
  const position = dropPosition(lane, spot.time, moving);
  return { laneIndex: spot.laneIndex, position, same: isSamePlace(lane, position, moving) };
}

/**
 * The stops a drop moves: those of the preview when it is of this stop to this courier (the rest
 * of its order comes along), else the stop alone.
 */
export function stopsToMove(
  preview: MovePreview | null,
  stopId: number,
  toCourierId: number,
): number[] {
  const fresh =
    preview !== null && preview.toCourierId === toCourierId && preview.stopIds.includes(stopId);
  return fresh ? preview.stopIds : [stopId];
}

/**
 * The left edge, in track pixels, of the drop marker for `position` on a lane: between the blocks
 * either side of it (the moving stop left out), else beside the one there is, else at now.
 */
export function dropMarkerLeft(
  lane: DayLane,
  position: number,
  movingId: number | null,
  x: (time: number) => number,
  now: number,
): number {
  const others = lane.blocks.filter((b) => b.stop.id !== movingId);
  const before = others[position - 2];
  const after = others[position - 1];
  if (before && after) return (x(before.end) + x(after.start)) / 2;
  if (before) return x(before.end) + 3;
  if (after) return x(after.start) - 3;
  return x(now);
}

/**
 * Dragging a stop between lanes: the press, the target under the pointer (on the lanes as they
 * were at the press), the preview of that move, and the move a drop makes.
 */
export class LaneDrag {
  current = $state.raw<Drag | null>(null);
  readonly previewer: MovePreviewer;

  constructor(
    fetchPreview: (request: MovePreviewRequest) => Promise<MovePreview>,
    previewDelayMs = 180,
  ) {
    this.previewer = new MovePreviewer(fetchPreview, previewDelayMs);
  }

  /** The drop target to show, once the press became a drag and while it is a real move. */
  get shownTarget(): DropTarget | null {
    const drag = this.current;
    return drag?.active && drag.target && !drag.target.same ? drag.target : null;
  }

  /** A press on a stop's block. */
  press(stopId: number, fromCourierId: number, lanes: DayLane[], x: number, y: number): void {
    this.current = {
      stopId,
      fromCourierId,
      startX: x,
      startY: y,
      x,
      y,
      active: false,
      lanes,
      target: null,
    };
  }

  /** The pointer moved to (x, y), over `spot` (null: over no lane row). */
  move(x: number, y: number, spot: LaneSpot | null): void {
    const drag = this.current;
    if (!drag) return;
    const moved = Math.hypot(x - drag.startX, y - drag.startY);
    const active = drag.active || moved > DRAG_SLOP;
    const target = active && spot ? dropTarget(drag.lanes, drag.stopId, spot) : null;
    this.current = { ...drag, x, y, active, target };
    if (!target || target.same) return this.previewer.clear();
    this.previewer.ask({
      stopIds: [drag.stopId],
      toCourierId: drag.lanes[target.laneIndex]!.courierId,
      position: target.position,
    });
  }

  /** The pointer was released: the move to make, or null when it was a click or no move. */
  drop(): LaneMove | null {
    const done = this.current;
    const preview = this.previewer.preview;
    this.cancel();
    const target = done?.target;
    if (!done?.active || !target || target.same) return null;
    const toCourierId = done.lanes[target.laneIndex]!.courierId;
    return {
      stopIds: stopsToMove(preview, done.stopId, toCourierId),
      toCourierId,
      position: target.position,
    };
  }

  /** Ends the drag without moving anything. */
  cancel(): void {
    this.current = null;
    this.previewer.clear();
  }
}

import type { CourierVertices } from './courier-vertices';
import { screenPoint, type DrawnView } from './mercator';

/**
 * The slot of the shown courier drawn nearest to a screen point (CSS pixels), within
 * `radiusPx`, or null. Positions are taken where the markers are drawn at `now`, mid-glide, and
 * projected with the matrix the last frame used, so what is picked is what is under the pointer.
 */
export function pickCourierSlot(
  vertices: CourierVertices,
  view: DrawnView,
  point: { x: number; y: number },
  now: number,
  moveMs: number,
  radiusPx: number,
): number | null {
  const offset: [number, number] = [0, 0];
  const screen: [number, number] = [0, 0];
  let best: number | null = null;
  let bestDistanceSq = radiusPx * radiusPx;
  for (let slot = 0; slot < vertices.count; slot++) {
    if (!vertices.isShown(slot)) continue;
    vertices.offsetAt(slot, now, moveMs, offset);
    screenPoint(view, offset[0], offset[1], screen);
    const dx = screen[0] - point.x;
    const dy = screen[1] - point.y;
    const distanceSq = dx * dx + dy * dy;
    if (distanceSq <= bestDistanceSq) {
      best = slot;
      bestDistanceSq = distanceSq;
    }
  }
  return best;
}

/** A point in CSS pixels from the map's top-left corner. */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** A courier a dragged stop is over. */
export interface CourierDrop {
  courierId: number;
  /** The stop's own courier: dropping there moves nothing. */
  own: boolean;
}

/** How the map finds couriers on screen (picked where their markers are drawn now). */
export interface CourierFinder {
  courierAt(point: ScreenPoint): number | null;
  markerAt(courierId: number): ScreenPoint | null;
}

/**
 * How far, in pixels, the pointer may be from the marker of the courier it was over before that
 * courier is let go: markers glide between fixes, and a target that flickers cannot be dropped on.
 */
export const HOLD_RADIUS_PX = 28;

/**
 * The pointer's place on the map, or null when it is outside the map's box or over something
 * drawn above the map (the legend, a control, a panel).
 */
export function pointOnMap(
  client: { x: number; y: number },
  box: { left: number; top: number; width: number; height: number },
  coveredByPanel: boolean,
): ScreenPoint | null {
  const x = client.x - box.left;
  const y = client.y - box.top;
  if (coveredByPanel || x < 0 || y < 0 || x > box.width || y > box.height) return null;
  return { x, y };
}

/**
 * The courier a stop dragged from `fromCourierId` would be dropped on at `point`: the one whose
 * marker is under the pointer, else the one it was over (`held`) while its marker is still near.
 */
export function dropTargetAt(
  point: ScreenPoint | null,
  finder: CourierFinder,
  fromCourierId: number,
  held: CourierDrop | null,
  holdRadiusPx = HOLD_RADIUS_PX,
): CourierDrop | null {
  if (!point) return null;
  const id = finder.courierAt(point);
  if (id !== null)
    return held?.courierId === id ? held : { courierId: id, own: id === fromCourierId };
  if (!held) return null;
  const at = finder.markerAt(held.courierId);
  if (at && Math.hypot(at.x - point.x, at.y - point.y) <= holdRadiusPx) return held;
  return null;
}

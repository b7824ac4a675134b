/** A rectangle on screen, CSS pixels, relative to the map's top-left corner. */
export interface ScreenRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Padding for `fitBounds`, pixels per side. */
export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Whether two rectangles share any area. */
export function overlaps(a: ScreenRect, b: ScreenRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Padding that keeps a framed area clear of panels drawn over the map (the legend, notices):
 * each panel pushes the side it hugs — the nearer of left or right edge for a panel taller than
 * it is wide from the top, else top or bottom — and padding never takes more than 40 % of the
 * map on one axis, so a small map still frames something.
 */
export function paddingAround(
  width: number,
  height: number,
  panels: readonly ScreenRect[],
  marginPx = 60,
): Padding {
  const padding: Padding = { top: marginPx, right: marginPx, bottom: marginPx, left: marginPx };
  for (const p of panels) {
    if (p.right <= 0 || p.left >= width || p.bottom <= 0 || p.top >= height) continue;
    const fromLeft = p.right;
    const fromRight = width - p.left;
    const fromTop = p.bottom;
    const fromBottom = height - p.top;
    // Push the side that costs least room.
    const side = (
      [
        ['left', fromLeft],
        ['right', fromRight],
        ['top', fromTop],
        ['bottom', fromBottom],
      ] as const
    ).reduce((best, next) => (next[1] < best[1] ? next : best));
    padding[side[0]] = Math.max(padding[side[0]], side[1] + marginPx / 2);
  }
  const capX = width * 0.4;
  const capY = height * 0.4;
  padding.left = Math.min(padding.left, capX);
  padding.right = Math.min(padding.right, capX);
  padding.top = Math.min(padding.top, capY);
  padding.bottom = Math.min(padding.bottom, capY);
  return padding;
}

/** The west-south / east-north corners around some [lng, lat] points, or null when none. */
export function boundsOf(
  points: Iterable<readonly [number, number]>,
): [[number, number], [number, number]] | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [lng, lat] of points) {
    west = Math.min(west, lng);
    east = Math.max(east, lng);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  if (!Number.isFinite(west)) return null;
  return [
    [west, south],
    [east, north],
  ];
}

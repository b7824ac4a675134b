import { overlaps, type ScreenRect } from './map-framing';

/** A label that wants a place beside a point on screen. */
export interface LabelCandidate {
  id: number;
  x: number;
  y: number;
  /** Higher goes first when labels compete for room. */
  priority: number;
  widthPx: number;
  heightPx: number;
}

/** A label given room: its box, beside its point and centred on it vertically. */
export interface PlacedLabel {
  id: number;
  box: ScreenRect;
}

/**
 * Places labels greedily, most important first, to the right of their points (to the left when
 * the right has no room), keeping each inside the map, clear of the panels drawn over it and of the labels already placed; at most
 * `cap` of them. Labels that find no room are left out rather than overlapping.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  area: { width: number; height: number },
  blocked: readonly ScreenRect[],
  cap: number,
  gapPx = 8,
): PlacedLabel[] {
  const ordered = [...candidates].sort((a, b) => b.priority - a.priority || a.id - b.id);
  const placed: PlacedLabel[] = [];
  const fits = (box: ScreenRect) =>
    box.left >= 0 &&
    box.top >= 0 &&
    box.right <= area.width &&
    box.bottom <= area.height &&
    !blocked.some((r) => overlaps(r, box)) &&
    !placed.some((p) => overlaps(p.box, box));
  for (const c of ordered) {
    if (placed.length >= cap) break;
    const top = c.y - c.heightPx / 2;
    const bottom = c.y + c.heightPx / 2;
    const right: ScreenRect = { left: c.x + gapPx, top, right: c.x + gapPx + c.widthPx, bottom };
    const left: ScreenRect = { left: c.x - gapPx - c.widthPx, top, right: c.x - gapPx, bottom };
    const box = fits(right) ? right : fits(left) ? left : null;
    if (box) placed.push({ id: c.id, box });
  }
  return placed;
}

/** A label's width for its text, near enough for an 12 px sans-serif font. */
export function labelWidthPx(text: string): number {
  return Math.ceil(text.length * 6.6) + 10;
}

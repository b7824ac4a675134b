import { describe, expect, test } from 'vitest';
import { placeLabels, type LabelCandidate } from './label-placement';

const AREA = { width: 800, height: 600 };
const label = (id: number, x: number, y: number, priority = 0): LabelCandidate => ({
  id,
  x,
  y,
  priority,
  widthPx: 80,
  heightPx: 18,
});

describe('placeLabels', () => {
  test('a label sits to the right of its point, centred on it', () => {
    expect(placeLabels([label(1, 100, 100)], AREA, [], 10)).toEqual([
      { id: 1, box: { left: 108, top: 91, right: 188, bottom: 109 } },
    ]);
  });

  test('of two labels competing for room, the more important one wins', () => {
    const placed = placeLabels(
      [label(1, 100, 100, 0), label(2, 110, 105, 5), label(3, 105, 102, 1)],
      AREA,
      [],
      10,
    );
    // 2 takes the right, 3 the left; 1 finds room on neither side.
    expect(placed.map((p) => p.id)).toEqual([2, 3]);
  });

  test('no label is placed over a panel such as the legend', () => {
    const legend = { left: 0, top: 0, right: 250, bottom: 300 };
    const placed = placeLabels([label(1, 160, 100), label(2, 400, 100)], AREA, [legend], 10);
    expect(placed.map((p) => p.id)).toEqual([2]);
  });

  test('a label with no room on the right goes on the left', () => {
    expect(placeLabels([label(1, 760, 100)], AREA, [], 10)).toEqual([
      { id: 1, box: { left: 672, top: 91, right: 752, bottom: 109 } },
    ]);
  });

  test('labels that would leave the map on both sides are left out', () => {
    expect(placeLabels([label(1, 100, 2)], AREA, [], 10)).toEqual([]);
  });

  test('at most the cap is placed', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      label(i + 1, 50 + (i % 5) * 120, 40 + i * 18),
    );
    expect(placeLabels(many, AREA, [], 12)).toHaveLength(12);
  });
});

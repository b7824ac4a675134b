import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { MovePreview, MovePreviewRequest } from '@dispatch/shared';
import { StopDrag, settleDrop } from './stop-drag.svelte';

/** The server's answer: the stop and, for order 11, its pickup 12, at the 3rd place. */
const answer = (req: MovePreviewRequest): MovePreview => ({
  stopIds: req.stopIds.includes(11) ? [12, 11] : req.stopIds,
  toCourierId: req.toCourierId,
  position: req.position ?? 3,
  fits: true,
  couriers: [],
  moved: [],
});

const OVER_BEN = { courierId: 2, own: false };
const OVER_OWN = { courierId: 1, own: true };

describe('StopDrag', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function dragging(fetchPreview = async (req: MovePreviewRequest) => answer(req)) {
    const drag = new StopDrag(fetchPreview, 10);
    drag.press(11, 1, 100, 100);
    return drag;
  }

  test('a press that moves no further than the slop is a click: no target, no move', () => {
    const drag = dragging();
    drag.move(102, 101, OVER_BEN);
    expect(drag.current?.active).toBe(false);
    expect(drag.current?.target).toBeNull();
    expect(drag.movingTo).toBeNull();
    expect(drag.drop()).toBeNull();
  });

  test('past the slop over another courier it previews the move, the place left to the server', async () => {
    const asked: MovePreviewRequest[] = [];
    const drag = dragging(async (req) => (asked.push(req), answer(req)));
    drag.move(160, 140, OVER_BEN);
    expect(drag.movingTo).toBe(2);
    await vi.advanceTimersByTimeAsync(10);
    expect(asked).toEqual([{ stopIds: [11], toCourierId: 2 }]);
    expect(drag.previewer.preview?.toCourierId).toBe(2);
  });

  test('over its own courier or empty map it previews nothing and a drop moves nothing', async () => {
    const asked: MovePreviewRequest[] = [];
    const drag = dragging(async (req) => (asked.push(req), answer(req)));
    drag.move(160, 140, OVER_OWN);
    expect(drag.current?.target).toEqual(OVER_OWN);
    expect(drag.movingTo).toBeNull();
    drag.move(200, 140, null);
    await vi.advanceTimersByTimeAsync(10);
    expect(asked).toEqual([]);
    expect(drag.drop()).toBeNull();
  });

  test('leaving a courier takes its preview away', async () => {
    const drag = dragging();
    drag.move(160, 140, OVER_BEN);
    await vi.advanceTimersByTimeAsync(10);
    drag.move(260, 240, null);
    expect(drag.current?.active).toBe(true);
    expect(drag.previewer.preview).toBeNull();
  });

  test('a drop moves what the preview moves (the whole order) to its place', async () => {
    const drag = dragging();
    drag.move(160, 140, OVER_BEN);
    await vi.advanceTimersByTimeAsync(10);
    expect(drag.drop()).toEqual({ stopIds: [12, 11], toCourierId: 2, position: 3 });
    expect(drag.current).toBeNull();
    expect(drag.previewer.preview).toBeNull();
  });

  test('a drop before the preview came names the stop and no place yet', () => {
    const drag = dragging();
    drag.move(160, 140, OVER_BEN);
    expect(drag.drop()).toEqual({ stopIds: [11], toCourierId: 2 });
  });

  test('cancelling (Escape) ends the drag and a release after it moves nothing', async () => {
    const drag = dragging();
    drag.move(160, 140, OVER_BEN);
    drag.cancel();
    expect(drag.current).toBeNull();
    expect(drag.drop()).toBeNull();
    await vi.advanceTimersByTimeAsync(10);
    expect(drag.previewer.preview).toBeNull();
  });
});

describe('settleDrop', () => {
  test('a previewed drop is kept as it is', async () => {
    const drop = { stopIds: [12, 11], toCourierId: 2, position: 3 };
    const fetchPreview = vi.fn(async (req: MovePreviewRequest) => answer(req));
    expect(await settleDrop(drop, fetchPreview)).toBe(drop);
    expect(fetchPreview).not.toHaveBeenCalled();
  });

  test('a drop made before its preview asks for it, for the order and the place', async () => {
    const settled = await settleDrop({ stopIds: [11], toCourierId: 2 }, async (req) => answer(req));
    expect(settled).toEqual({ stopIds: [12, 11], toCourierId: 2, position: 3 });
  });

  test('without a preview the drop goes as it is, for the reassignment to answer', async () => {
    const drop = { stopIds: [11], toCourierId: 2 };
    expect(
      await settleDrop(drop, async () => {
        throw new Error('offline');
      }),
    ).toBe(drop);
  });
});

import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { MovePreview, MovePreviewRequest, Stop } from '@dispatch/shared';
import type { DayBlock, DayLane } from './day-lanes';
import { LaneDrag, dropMarkerLeft, dropTarget, stopsToMove } from './lane-drag.svelte';

const MIN = 60_000;

function block(id: number, position: number, startMinute: number): DayBlock {
  const start = startMinute * MIN;
  const stop: Stop = {
    id,
    hubId: 1,
    kind: 'delivery',
    orderRef: `R-${id}`,
    address: `${id} street`,
    lat: 0,
    lng: 0,
    cell: '',
    windowStart: 0,
    windowEnd: 240 * MIN,
    serviceSeconds: 600,
    demand: 1,
    slaTier: 'same_day',
    status: 'assigned',
    courierId: null,
    sequence: position,
    routeVersion: 1,
    attempts: 0,
    eta: start,
  };
  return {
    stop,
    position,
    arrival: start,
    start,
    end: start + 10 * MIN,
    estimated: false,
    state: 'on_time',
    minutesLate: 0,
  };
}

/** A lane whose stops start at the given minutes, ids `courierId * 10 + place`. */
function lane(courierId: number, startMinutes: number[]): DayLane {
  return {
    courierId,
    name: `Courier ${courierId}`,
    routeVersion: 1,
    blocks: startMinutes.map((m, i) => block(courierId * 10 + i + 1, i + 1, m)),
    lateMinutes: 0,
    lateStops: 0,
  };
}

const LANES = [lane(1, [0, 30, 60]), lane(2, [20, 80])];
const x = (time: number) => time / MIN;

const answer = (req: MovePreviewRequest, stopIds = req.stopIds): MovePreview => ({
  stopIds,
  toCourierId: req.toCourierId,
  position: req.position ?? 1,
  fits: true,
  couriers: [],
  moved: [],
});

describe('dropTarget', () => {
  test('places the stop after every block whose middle is before the pointer', () => {
    expect(dropTarget(LANES, 11, { laneIndex: 1, time: 50 * MIN })).toEqual({
      laneIndex: 1,
      position: 2,
      same: false,
    });
  });

  test('is the same place when the stop would stay where it is', () => {
    expect(dropTarget(LANES, 12, { laneIndex: 0, time: 32 * MIN })).toEqual({
      laneIndex: 0,
      position: 2,
      same: true,
    });
  });

  test('is nothing below the last lane or above the first', () => {
    expect(dropTarget(LANES, 11, { laneIndex: 2, time: 0 })).toBeNull();
    expect(dropTarget(LANES, 11, { laneIndex: -1, time: 0 })).toBeNull();
  });
});

describe('stopsToMove', () => {
  const req = { stopIds: [11], toCourierId: 2, position: 1 };

  test('takes the whole order when the preview is of this stop to this courier', () => {
    expect(stopsToMove(answer(req, [11, 12]), 11, 2)).toEqual([11, 12]);
  });

  test('takes the stop alone when the preview is of another courier, or there is none', () => {
    expect(stopsToMove(answer(req, [11, 12]), 11, 3)).toEqual([11]);
    expect(stopsToMove(null, 11, 2)).toEqual([11]);
  });
});

describe('dropMarkerLeft', () => {
  const target = LANES[0]!;

  test('sits halfway between the blocks either side', () => {
    expect(dropMarkerLeft(target, 2, null, x, 0)).toBe(20);
  });

  test('leaves the moving stop out of the count', () => {
    expect(dropMarkerLeft(target, 2, 12, x, 0)).toBe(35);
  });

  test('sits just after the last block, just before the first, or at now on an empty lane', () => {
    expect(dropMarkerLeft(target, 4, null, x, 0)).toBe(73);
    expect(dropMarkerLeft(target, 1, null, x, 0)).toBe(-3);
    expect(dropMarkerLeft(lane(3, []), 1, null, x, 95 * MIN)).toBe(95);
  });
});

describe('LaneDrag', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function dragging(fetchPreview = async (req: MovePreviewRequest) => answer(req)) {
    const drag = new LaneDrag(fetchPreview, 10);
    drag.press(11, 1, LANES, 100, 100);
    return drag;
  }

  test('a press that moves no further than the slop is a click, not a move', () => {
    const drag = dragging();
    drag.move(103, 101, { laneIndex: 1, time: 50 * MIN });
    expect(drag.current?.active).toBe(false);
    expect(drag.current?.target).toBeNull();
    expect(drag.drop()).toBeNull();
    expect(drag.current).toBeNull();
  });

  test('past the slop it targets the lane under the pointer and asks for a preview', async () => {
    const asked: MovePreviewRequest[] = [];
    const drag = dragging(async (req) => (asked.push(req), answer(req)));
    drag.move(140, 136, { laneIndex: 1, time: 50 * MIN });
    expect(drag.shownTarget).toEqual({ laneIndex: 1, position: 2, same: false });
    await vi.advanceTimersByTimeAsync(10);
    expect(asked).toEqual([{ stopIds: [11], toCourierId: 2, position: 2 }]);
    expect(drag.previewer.preview?.toCourierId).toBe(2);
  });

  test('keeps the lanes of the press, whatever lanes come later', () => {
    const drag = dragging();
    drag.move(140, 136, { laneIndex: 1, time: 50 * MIN });
    expect(drag.current?.lanes).toBe(LANES);
  });

  test('over its own place it shows no target and asks for nothing', async () => {
    const asked: MovePreviewRequest[] = [];
    const drag = dragging(async (req) => (asked.push(req), answer(req)));
    drag.move(140, 100, { laneIndex: 0, time: 2 * MIN });
    expect(drag.current?.target?.same).toBe(true);
    expect(drag.shownTarget).toBeNull();
    await vi.advanceTimersByTimeAsync(10);
    expect(asked).toEqual([]);
    expect(drag.drop()).toBeNull();
  });

  test('a drop moves the stops of the preview to the target lane and place', async () => {
    const drag = dragging(async (req) => answer(req, [11, 13]));
    drag.move(140, 136, { laneIndex: 1, time: 90 * MIN });
    await vi.advanceTimersByTimeAsync(10);
    expect(drag.drop()).toEqual({ stopIds: [11, 13], toCourierId: 2, position: 3 });
    expect(drag.current).toBeNull();
    expect(drag.previewer.preview).toBeNull();
  });

  test('a drop before the preview came moves the stop alone', () => {
    const drag = dragging();
    drag.move(140, 136, { laneIndex: 1, time: 0 });
    expect(drag.drop()).toEqual({ stopIds: [11], toCourierId: 2, position: 1 });
  });

  test('cancelling ends the drag without a move', async () => {
    const drag = dragging();
    drag.move(140, 136, { laneIndex: 1, time: 50 * MIN });
    drag.cancel();
    expect(drag.current).toBeNull();
    expect(drag.drop()).toBeNull();
  });

  test('leaving every lane drops the target and the preview', async () => {
    const drag = dragging();
    drag.move(140, 136, { laneIndex: 1, time: 50 * MIN });
    await vi.advanceTimersByTimeAsync(10);
    drag.move(140, 900, null);
    expect(drag.current?.active).toBe(true);
    expect(drag.current?.target).toBeNull();
    expect(drag.previewer.preview).toBeNull();
  });
});

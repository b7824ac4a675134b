import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { MovePreview, MovePreviewRequest } from '@dispatch/shared';
import { ApiError } from '../api';
import { MovePreviewer } from './move-previewer.svelte';

const answer = (req: MovePreviewRequest): MovePreview => ({
  stopIds: req.stopIds,
  toCourierId: req.toCourierId,
  position: req.position ?? 1,
  fits: true,
  couriers: [],
  moved: [],
});

describe('MovePreviewer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('asks once the pointer rests, and only for the latest move', async () => {
    const asked: MovePreviewRequest[] = [];
    const previewer = new MovePreviewer(async (req) => (asked.push(req), answer(req)), 200);
    previewer.ask({ stopIds: [1], toCourierId: 2, position: 1 });
    vi.advanceTimersByTime(100);
    previewer.ask({ stopIds: [1], toCourierId: 3, position: 2 });
    await vi.advanceTimersByTimeAsync(200);
    expect(asked).toEqual([{ stopIds: [1], toCourierId: 3, position: 2 }]);
    expect(previewer.preview?.toCourierId).toBe(3);
    expect(previewer.loading).toBe(false);
  });

  test('an answer that arrives after the move changed is dropped', async () => {
    let resolveFirst: (p: MovePreview) => void = () => {};
    const previewer = new MovePreviewer(
      (req) =>
        req.toCourierId === 2
          ? new Promise((resolve) => (resolveFirst = resolve))
          : Promise.resolve(answer(req)),
      10,
    );
    previewer.ask({ stopIds: [1], toCourierId: 2 });
    await vi.advanceTimersByTimeAsync(10);
    previewer.ask({ stopIds: [1], toCourierId: 3 });
    await vi.advanceTimersByTimeAsync(10);
    resolveFirst(answer({ stopIds: [1], toCourierId: 2 }));
    await Promise.resolve();
    expect(previewer.preview?.toCourierId).toBe(3);
  });

  test('a refusal becomes the problem to show', async () => {
    const previewer = new MovePreviewer(async () => {
      throw new ApiError('not_found', 'courier 9 does not exist or is inactive');
    }, 10);
    previewer.ask({ stopIds: [1], toCourierId: 9 });
    await vi.advanceTimersByTimeAsync(10);
    expect(previewer.problem).toBe('courier 9 does not exist or is inactive');
    previewer.clear();
    expect(previewer.problem).toBeNull();
  });
});

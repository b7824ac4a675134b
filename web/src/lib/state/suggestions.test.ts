import type { SuggestionView } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../api';
import { SuggestionBoard, type SuggestionActions } from './suggestions.svelte';

function suggestion(id: number, overrides: Partial<SuggestionView> = {}): SuggestionView {
  return {
    id,
    kind: 'move',
    stopIds: [100 + id],
    fromCourierId: 1,
    toCourierId: 2,
    fromRouteVersion: 3,
    toRouteVersion: 4,
    insertPosition: 1,
    score: id,
    explanation: `Move stop ${100 + id} to courier 2: removes 12 min of lateness`,
    status: 'open',
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

const applied: SuggestionActions = {
  accept: async (id) => ({ movedStopIds: [100 + id], routeVersions: { '1': 4, '2': 5 } }),
  reject: async (id) => suggestion(id, { status: 'rejected' }),
};

describe('SuggestionBoard', () => {
  test('lists open suggestions, best first', () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1), suggestion(3), suggestion(2, { status: 'expired' })]);
    expect(board.list.map((s) => s.id)).toEqual([3, 1]);
  });

  test('accepting records the result, takes the suggestion off the list and says so once', async () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1)]);
    const outcome = await board.accept(1, applied);
    expect(outcome).toEqual({
      state: 'applied',
      result: { movedStopIds: [101], routeVersions: { '1': 4, '2': 5 } },
    });
    expect(board.list).toEqual([]);
    expect(board.notice?.suggestion.id).toBe(1);
    expect(board.notice?.outcome.state).toBe('applied');
    board.dismiss(1);
    expect(board.notice).toBeNull();
  });

  test('expired, superseded and rejected suggestions leave the list', () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1), suggestion(2), suggestion(3)]);
    board.upsert(suggestion(1, { status: 'expired' }));
    board.upsert(suggestion(2, { status: 'superseded' }));
    expect(board.list.map((s) => s.id)).toEqual([3]);
  });

  test('a conflict stays on the list with its reason until the server retires it', async () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1)]);
    await board.accept(1, {
      ...applied,
      accept: async () => {
        throw new ApiError('conflict', 'route changed');
      },
    });
    expect(board.list.map((s) => s.id)).toEqual([1]);
    board.upsert(suggestion(1, { status: 'expired' }));
    expect(board.list).toEqual([]);
    expect(board.notice?.outcome.state).toBe('conflict');
  });

  test('a route changed underneath comes back as a conflict with the reason', async () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1)]);
    const outcome = await board.accept(1, {
      ...applied,
      accept: async () => {
        throw new ApiError('conflict', "courier 2's route changed (version 5, suggestion saw 4)");
      },
    });
    expect(outcome).toEqual({
      state: 'conflict',
      reason: "courier 2's route changed (version 5, suggestion saw 4)",
    });
  });

  test('other refusals are failures', async () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1)]);
    const outcome = await board.accept(1, {
      ...applied,
      accept: async () => {
        throw new ApiError('forbidden', 'dispatchers only');
      },
    });
    expect(outcome?.state).toBe('failed');
  });

  test('a suggestion is pending while the server answers, and a second click does nothing', async () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1)]);
    let release: () => void = () => {};
    const first = board.accept(1, {
      ...applied,
      accept: () =>
        new Promise((resolve) => {
          release = () => resolve({ movedStopIds: [101], routeVersions: {} });
        }),
    });
    expect(board.outcomes.get(1)).toEqual({ state: 'pending', action: 'accept' });
    expect(await board.reject(1, applied)).toBeUndefined();
    release();
    expect((await first)?.state).toBe('applied');
  });

  test('rejecting takes the server version', async () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1)]);
    await board.reject(1, applied);
    expect(board.get(1)?.status).toBe('rejected');
    expect(board.outcomes.get(1)).toEqual({ state: 'rejected' });
    expect(board.list).toEqual([]);
  });

  test('keyboard selection walks the list', () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1), suggestion(2)]);
    board.selectNext();
    expect(board.selected?.id).toBe(2);
    board.selectNext();
    expect(board.selected?.id).toBe(1);
  });
});

describe('SuggestionBoard answers', () => {
  test('an applied or conflicting suggestion cannot be acted on again', async () => {
    const board = new SuggestionBoard();
    board.replaceAll([suggestion(1), suggestion(2)]);
    await board.accept(1, applied);
    await board.accept(2, {
      ...applied,
      accept: async () => {
        throw new ApiError('conflict', 'route changed');
      },
    });
    expect([board.canAct(1), board.canAct(2)]).toEqual([false, false]);
    expect(board.get(1)?.status).toBe('accepted');
    expect(await board.reject(2, applied)).toBeUndefined();
  });
});

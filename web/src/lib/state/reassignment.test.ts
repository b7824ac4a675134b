import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import {
  MoveUndo,
  ReassignDraft,
  RouteVersions,
  UNDO_MS,
  buildReassignRequest,
  movedLabel,
  originalPlace,
  undoRequest,
  type UndoableMove,
} from './reassignment.svelte';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

const owners: Record<number, number | null> = { 10: 1, 11: 2, 12: null, 13: 3 };
const ownerOf = (id: number) => owners[id];

function versions(): RouteVersions {
  const v = new RouteVersions();
  v.noteAll({ '1': 4, '2': 7, '3': 1 });
  return v;
}

describe('buildReassignRequest', () => {
  test('carries the versions of the current owners and of the receiver', () => {
    expect(buildReassignRequest([10, 11, 12], 3, ownerOf, versions(), t)).toEqual({
      stopIds: [10, 11, 12],
      toCourierId: 3,
      routeVersions: { '1': 4, '2': 7, '3': 1 },
    });
  });

  test('stops already on the receiving route are left out', () => {
    expect(buildReassignRequest([10, 13], 3, ownerOf, versions(), t)).toMatchObject({
      stopIds: [10],
    });
    expect(buildReassignRequest([13], 3, ownerOf, versions(), t)).toHaveProperty('problem');
  });

  test('an unknown route version is a problem, not a guess', () => {
    expect(buildReassignRequest([10], 99, ownerOf, versions(), t)).toHaveProperty('problem');
  });

  test('says what is wrong in the console language', () => {
    expect(buildReassignRequest([13], 3, ownerOf, versions(), t)).toEqual({
      problem: 'Those stops are already on that courier’s route.',
    });
    expect(buildReassignRequest([], 3, ownerOf, versions(), pt)).toEqual({
      problem: 'Selecione uma ou mais paradas primeiro.',
    });
  });
});

describe('RouteVersions', () => {
  test('a version never goes back', () => {
    const v = versions();
    v.note(1, 2);
    expect(v.get(1)).toBe(4);
    v.note(1, 6);
    expect(v.get(1)).toBe(6);
  });
});

describe('ReassignDraft', () => {
  const request = { stopIds: [10], toCourierId: 3, routeVersions: { '1': 4, '3': 1 } };

  test('a successful move keeps the new versions', async () => {
    const draft = new ReassignDraft();
    const outcome = await draft.submit(request, async () => ({
      movedStopIds: [10],
      routeVersions: { '1': 5, '3': 2 },
    }));
    expect(outcome).toEqual({
      state: 'applied',
      result: { movedStopIds: [10], routeVersions: { '1': 5, '3': 2 } },
    });
    expect(draft.pending).toBe(false);
  });

  test('a conflict keeps the reason to show', async () => {
    const draft = new ReassignDraft();
    await draft.submit(request, async () => {
      throw new ApiError('conflict', 'route of courier 1 is at version 5, not 4');
    });
    expect(draft.outcome).toEqual({
      state: 'conflict',
      reason: 'route of courier 1 is at version 5, not 4',
    });
  });
});

describe('originalPlace', () => {
  const routes: Record<number, number[]> = { 1: [30, 10, 31, 11, 32] };
  const routeOf = (courierId: number) => routes[courierId] ?? [];
  const owner = (id: number) => ({ 10: 1, 11: 1, 30: 1, 12: null, 13: 3 })[id];

  test('is the position the first stop held, counted without the moving ones', () => {
    expect(originalPlace([10], owner, routeOf)).toEqual({ courierId: 1, position: 2 });
    expect(originalPlace([11, 10], owner, routeOf)).toEqual({ courierId: 1, position: 2 });
    expect(originalPlace([30], owner, routeOf)).toEqual({ courierId: 1, position: 1 });
  });

  test('there is none for stops from several couriers or from no route', () => {
    expect(originalPlace([10, 13], owner, routeOf)).toBeNull();
    expect(originalPlace([12], owner, routeOf)).toBeNull();
  });
});

describe('undoing a move', () => {
  const move: UndoableMove = {
    label: 'Moved order A-17 to Ben',
    stopIds: [10, 11],
    from: { courierId: 1, position: 3 },
    toCourierId: 2,
  };

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('sends the stops back to their courier and position with the versions seen now', () => {
    expect(undoRequest(move, versions(), t)).toEqual({
      stopIds: [10, 11],
      toCourierId: 1,
      position: 3,
      routeVersions: { '1': 4, '2': 7 },
    });
  });

  test('the toast goes away after 15 seconds', () => {
    const undo = new MoveUndo(t);
    undo.offer(move);
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(undo.offered).toBe(move);
    vi.advanceTimersByTime(1);
    expect(undo.offered).toBeNull();
  });

  test('an applied undo says so and the toast closes', async () => {
    const undo = new MoveUndo(t);
    undo.offer(move);
    const sent: unknown[] = [];
    const outcome = await undo.undo(versions(), async (request) => {
      sent.push(request);
      return { state: 'applied', result: { movedStopIds: [10, 11], routeVersions: {} } };
    });
    expect(outcome?.state).toBe('applied');
    expect(sent).toHaveLength(1);
    expect(undo.offered).toBeNull();
    expect(undo.notice).toEqual({ tone: 'ok', text: 'Move undone.' });
  });

  test('a conflict answers plainly and nothing is retried', async () => {
    const undo = new MoveUndo(t);
    undo.offer(move);
    await undo.undo(versions(), async () => ({ state: 'conflict', reason: "Ben's route changed" }));
    expect(undo.notice?.tone).toBe('problem');
    expect(undo.notice?.text).toContain('a route changed since the move');
    expect(await undo.undo(versions(), async () => null)).toBeNull();
  });

  test('the notice is worded in the console language', async () => {
    const undo = new MoveUndo(pt);
    undo.offer(move);
    await undo.undo(versions(), async () => ({ state: 'conflict', reason: 'rota do Ben mudou' }));
    expect(undo.notice?.text).toBe(
      'Não foi possível desfazer: uma rota mudou depois do movimento (rota do Ben mudou). Nada foi alterado.',
    );
  });
});

describe('movedLabel', () => {
  test('names one order, counts several', () => {
    expect(movedLabel(['A-17', 'A-17'], 'Ana', t)).toBe('Moved order A-17 to Ana');
    expect(movedLabel(['A-17', 'B-2'], 'Ana', t)).toBe('Moved 2 orders to Ana');
    expect(movedLabel([null], 'Ana', t)).toBe('Moved a stop to Ana');
    expect(movedLabel([null, 'B-2'], 'Ana', t)).toBe('Moved 2 stops to Ana');
  });

  test('says it in Portuguese', () => {
    expect(movedLabel(['A-17'], 'Ana', pt)).toBe('Pedido A-17 movido para Ana');
    expect(movedLabel(['A-17', 'B-2'], 'Ana', pt)).toBe('2 pedidos movidos para Ana');
    expect(movedLabel([null], 'Ana', pt)).toBe('Uma parada movida para Ana');
  });
});

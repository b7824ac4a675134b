import { describe, expect, test } from 'vitest';
import type { ReassignRequest, ReassignResult, Stop } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { ReassignDraft, RouteVersions } from '../state/reassignment.svelte';
import { ConsoleMoves, type MoveSession } from './console-moves.svelte';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

const stop = (id: number, courierId: number | null, sequence: number, orderRef = `R-${id}`) =>
  ({ id, courierId, sequence, orderRef, status: 'assigned' }) as Stop;

/** Ana (1) has stops 10, 11, 12; Ben (2) has 20. Every route is at version 5. */
function setup(options: { refuse?: ApiError; translate?: typeof t } = {}) {
  const sent: ReassignRequest[] = [];
  let version = 5;
  const stops = [stop(10, 1, 1), stop(11, 1, 2), stop(12, 1, 3), stop(20, 2, 1)];
  const versions = new RouteVersions();
  versions.noteAll({ '1': version, '2': version });
  const reassign = new ReassignDraft();
  const send = async (request: ReassignRequest): Promise<ReassignResult> => {
    sent.push(request);
    if (options.refuse) throw options.refuse;
    version++;
    return { movedStopIds: request.stopIds, routeVersions: { '1': version, '2': version } };
  };
  const session: MoveSession = {
    stops: { get: (id) => stops.find((s) => s.id === id), all: stops },
    route: { route: null },
    versions,
    reassign,
    courierName: (id) => (id === 1 ? 'Ana' : id === 2 ? 'Ben' : `Courier ${id}`),
    submitReassign: async (request) => {
      const outcome = await reassign.submit(request, send);
      if (outcome?.state === 'applied') versions.noteAll(outcome.result.routeVersions);
      return outcome;
    },
  };
  return { moves: new ConsoleMoves(session, options.translate ?? t), sent, reassign };
}

describe('ConsoleMoves', () => {
  test('a move carries the versions seen and the place, and offers to put the stop back', async () => {
    const { moves, sent } = setup();
    const outcome = await moves.move([11], 2, 1);
    expect(outcome?.state).toBe('applied');
    expect(sent[0]).toEqual({
      stopIds: [11],
      toCourierId: 2,
      position: 1,
      routeVersions: { '1': 5, '2': 5 },
    });
    expect(moves.undo.offered).toMatchObject({
      label: 'Moved order R-11 to Ben',
      stopIds: [11],
      from: { courierId: 1, position: 2 },
      toCourierId: 2,
    });
    moves.undo.dismiss();
  });

  test('a move without a place leaves it to the server (appended)', async () => {
    const { moves, sent } = setup();
    await moves.move([12], 2);
    expect(sent[0]).not.toHaveProperty('position');
    moves.undo.dismiss();
  });

  test('undo sends the stops back to their place with the versions seen since', async () => {
    const { moves, sent } = setup();
    await moves.move([11], 2, 1);
    await moves.undoLast();
    expect(sent[1]).toEqual({
      stopIds: [11],
      toCourierId: 1,
      position: 2,
      routeVersions: { '1': 6, '2': 6 },
    });
    expect(moves.undo.notice?.text).toBe('Move undone.');
    moves.undo.dismiss();
  });

  test('a conflict offers no undo and stays as the outcome the move panel shows', async () => {
    const { moves, reassign } = setup({ refuse: new ApiError('conflict', 'Ben’s route changed') });
    const outcome = await moves.move([11], 2, 1);
    expect(outcome?.state).toBe('conflict');
    expect(moves.undo.offered).toBeNull();
    expect(reassign.outcome?.state).toBe('conflict');
  });

  test('a move to a route not loaded yet is answered as failed, and nothing is sent', async () => {
    const { moves, sent, reassign } = setup();
    const outcome = await moves.move([11], 9, 1);
    expect(outcome).toEqual({
      state: 'failed',
      reason: 'The route of courier 9 is not loaded yet.',
    });
    expect(reassign.outcome).toEqual(outcome);
    expect(sent).toEqual([]);
  });

  test('the undo toast speaks the console language', async () => {
    const { moves } = setup({ translate: pt });
    await moves.move([11], 2, 1);
    expect(moves.undo.offered?.label).toBe('Pedido R-11 movido para Ben');
    moves.undo.dismiss();
  });

  test('knows a courier’s open stops in visiting order', () => {
    const { moves } = setup();
    expect(moves.routeOf(1)).toEqual([10, 11, 12]);
    expect(moves.ownerOf(20)).toBe(2);
    expect(moves.ownerOf(99)).toBeUndefined();
  });
});

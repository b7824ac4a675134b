import { describe, expect, test } from 'vitest';
import type { ReassignRequest } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { MoveUndo, type ReassignOutcome } from './reassignment.svelte';
import { sendUndoableMove, type UndoableMoveIo } from './undoable-move';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

/** Ana (1) visits 10, 11, 12; Ben (2) visits 20. Stop 12 has no order reference. */
function io(
  answer: ReassignOutcome | null,
  translate = t,
): UndoableMoveIo & { sent: ReassignRequest[] } {
  const routes: Record<number, number[]> = { 1: [10, 11, 12], 2: [20] };
  const sent: ReassignRequest[] = [];
  return {
    sent,
    ownerOf: (id) => Number(Object.keys(routes).find((c) => routes[Number(c)]!.includes(id))),
    routeOf: (id) => routes[id] ?? [],
    orderRefOf: (id) => (id === 12 ? null : `R-${id}`),
    nameOf: (id) => (id === 2 ? 'Ben' : 'Ana'),
    t: translate,
    send: async (request) => {
      sent.push(request);
      // The route changes once the answer is in, as it does on the server.
      routes[1] = routes[1]!.filter((s) => !request.stopIds.includes(s));
      return answer;
    },
  };
}

const applied: ReassignOutcome = {
  state: 'applied',
  result: { movedStopIds: [11], routeVersions: { '1': 2, '2': 2 } },
};
const request = (stopIds: number[]): ReassignRequest => ({
  stopIds,
  toCourierId: 2,
  position: 1,
  routeVersions: { '1': 1, '2': 1 },
});

describe('sendUndoableMove', () => {
  test('an applied move offers to put the stops back where they were before it', async () => {
    const undo = new MoveUndo(t);
    const wire = io(applied);
    const outcome = await sendUndoableMove(request([11]), wire, undo);
    expect(outcome).toBe(applied);
    expect(wire.sent).toEqual([request([11])]);
    expect(undo.offered).toEqual({
      label: 'Moved order R-11 to Ben',
      stopIds: [11],
      from: { courierId: 1, position: 2 },
      toCourierId: 2,
    });
    undo.dismiss();
  });

  test('a refused move offers nothing', async () => {
    const undo = new MoveUndo(t);
    await sendUndoableMove(request([11]), io({ state: 'conflict', reason: 'changed' }), undo);
    expect(undo.offered).toBeNull();
    await sendUndoableMove(request([11]), io(null), undo);
    expect(undo.offered).toBeNull();
  });

  test('names the stops in the console language', async () => {
    const undo = new MoveUndo(pt);
    await sendUndoableMove(request([12]), io(applied, pt), undo);
    expect(undo.offered?.label).toBe('Uma parada movida para Ben');
    undo.dismiss();
  });
});

import { describe, expect, test } from 'vitest';
import type { Courier, ReassignRequest, Stop } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { TimelineBoard, type TimelineIo } from './timeline-board.svelte';

const courier = (id: number, name: string, routeVersion: number) =>
  ({ id, name, routeVersion, active: true, vehicle: 'car', lastFix: null }) as Courier;
const stop = (id: number, courierId: number, sequence: number) =>
  ({
    id,
    courierId,
    sequence,
    orderRef: `R-${id}`,
    status: 'assigned',
    eta: 1000 * id,
    windowStart: 0,
    windowEnd: 10_000_000,
    serviceSeconds: 60,
  }) as Stop;

function setup(refuse?: ApiError) {
  const sent: ReassignRequest[] = [];
  let version = 10;
  const io: TimelineIo = {
    fetchCouriers: async () => [courier(1, 'Ana', version), courier(2, 'Ben', version)],
    fetchStops: async () => [stop(10, 1, 1), stop(11, 1, 2), stop(20, 2, 1)],
    reassign: async (request) => {
      sent.push(request);
      if (refuse) throw refuse;
      version++;
      return { movedStopIds: request.stopIds, routeVersions: { '1': version, '2': version } };
    },
  };
  return { board: new TimelineBoard(io), sent, io };
}

describe('TimelineBoard', () => {
  test('a move carries the versions seen and offers to put the stop back where it was', async () => {
    const { board, sent } = setup();
    await board.load();
    const outcome = await board.move([11], 2, 1);
    expect(outcome?.state).toBe('applied');
    expect(sent[0]).toEqual({
      stopIds: [11],
      toCourierId: 2,
      position: 1,
      routeVersions: { '1': 10, '2': 10 },
    });
    expect(board.undo.offered).toMatchObject({
      label: 'Moved order R-11 to Ben',
      from: { courierId: 1, position: 2 },
    });
    board.undo.dismiss();
  });

  test('undo sends the inverse move with the new versions', async () => {
    const { board, sent } = setup();
    await board.load();
    await board.move([11], 2, 1);
    await board.undoLast();
    expect(sent[1]).toEqual({
      stopIds: [11],
      toCourierId: 1,
      position: 2,
      routeVersions: { '1': 11, '2': 11 },
    });
    expect(board.undo.notice?.text).toBe('Move undone.');
    board.undo.dismiss();
  });

  test('a refused move offers no undo', async () => {
    const { board } = setup(new ApiError('conflict', "Ben's route changed since you looked"));
    await board.load();
    const outcome = await board.move([11], 2, 1);
    expect(outcome?.state).toBe('conflict');
    expect(board.undo.offered).toBeNull();
  });

  test('a courier it does not know is named by number, in the console’s language', async () => {
    const { board, io } = setup();
    await board.load();
    expect(board.nameOf(1)).toBe('Ana');
    expect(board.nameOf(1234)).toBe('Courier 1234');
    const emPortugues = new TimelineBoard(io, translator('pt-BR', ptBR, en));
    expect(emPortugues.nameOf(1234)).toBe('Entregador 1234');
  });

  test('pushed changes move stops between lanes and drop finished ones', async () => {
    const { board } = setup();
    await board.load();
    const unknown = board.applyChanges([
      { id: 11, hubId: null, status: 'assigned', courierId: 2, sequence: 2, eta: null },
      { id: 10, hubId: null, status: 'delivered', courierId: 1, sequence: 1, eta: null },
      { id: 20, hubId: null, status: 'en_route', courierId: 2, sequence: 1, eta: null },
    ]);
    expect(unknown).toBe(false);
    expect(board.routeOf(2)).toEqual([20, 11]);
    expect(board.routeOf(1)).toEqual([]);
    expect(board.stops.get(20)!.eta).toBe(20_000);
    expect(board.stops.get(11)!.eta).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { AttemptReport, Stop } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { AttemptReportBoard } from './attempt-report.svelte';
import { ReturnsDesk } from './returns-desk.svelte';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);

function stop(id: number, hubId: number | null, orderRef: string | null = `R-${id}`): Stop {
  return {
    id,
    hubId,
    kind: 'delivery',
    orderRef,
    address: `Rua ${id}`,
    lat: -20.46,
    lng: -54.61,
    cell: '89a8100c6afffff',
    windowStart: 0,
    windowEnd: 3_600_000,
    serviceSeconds: 120,
    demand: 1,
    slaTier: 'same_day',
    status: 'returning',
    courierId: 7,
    sequence: 3,
    routeVersion: 2,
    attempts: 2,
    eta: null,
  };
}

describe('ReturnsDesk', () => {
  it('lists the parcels coming back to the user’s own hub, or every hub’s for a user of none', async () => {
    const desk = new ReturnsDesk();
    const all = async () => [stop(1, 1), stop(2, 2), stop(3, 1)];
    await desk.load(all, 1);
    expect(desk.stops.map((s) => s.id)).toEqual([1, 3]);
    await desk.load(all, null);
    expect(desk.stops.map((s) => s.id)).toEqual([1, 2, 3]);
  });

  it('takes a parcel off the list once checked in, and says so', async () => {
    const desk = new ReturnsDesk();
    await desk.load(async () => [stop(1, 1), stop(2, 1)], 1);
    const sent: number[] = [];
    await desk.checkIn(desk.stops[0]!, async (id) => {
      sent.push(id);
      return { ...stop(id, 1), status: 'returned' };
    });
    expect(sent).toEqual([1]);
    expect(desk.stops.map((s) => s.id)).toEqual([2]);
    expect(desk.notice?.(t)).toBe('R-1 checked in at the hub');
    expect(desk.notice?.(tp)).toBe('R-1 recebido no hub');
    expect(desk.pending).toEqual([]);
  });

  it('drops a parcel someone else checked in first, and keeps one the server could not take', async () => {
    const desk = new ReturnsDesk();
    await desk.load(async () => [stop(1, 1), stop(2, 1, null)], 1);
    await desk.checkIn(desk.stops[0]!, async () => {
      throw new ApiError('conflict', 'the stop is returned; it cannot become returned', 409);
    });
    expect(desk.stops.map((s) => s.id)).toEqual([2]);
    await desk.checkIn(desk.stops[0]!, async () => {
      throw new ApiError('unavailable', 'the server cannot be reached');
    });
    expect(desk.stops.map((s) => s.id)).toEqual([2]);
    expect(desk.failed).toBe(true);
    expect(desk.notice?.(t)).toBe(`Rua 2 not checked in: ${t('office.unreachable')}`);
  });
});

describe('AttemptReportBoard', () => {
  const report = (hubId: number, notHome: number): AttemptReport => ({
    hubId,
    day: '2025-05-02',
    failedByReason: [
      { reasonCode: 'not_home', count: notHome },
      { reasonCode: 'refused', count: 0 },
      { reasonCode: 'damaged', count: 2 },
    ],
    failedTotal: notHome + 2,
    onTheWayBack: 1,
    awaitingCheckIn: 0,
    returnedToday: 3,
  });

  it('lists the reasons that failed today, most frequent first', async () => {
    const board = new AttemptReportBoard();
    await board.load(4, async (id) => report(id, 5));
    expect(board.status).toBe('ready');
    expect(board.reasons).toEqual([
      { reasonCode: 'not_home', count: 5 },
      { reasonCode: 'damaged', count: 2 },
    ]);
  });

  it('keeps the hub chosen last and says why a load failed', async () => {
    const board = new AttemptReportBoard();
    let release: (r: AttemptReport) => void = () => {};
    const slow = board.load(1, () => new Promise((resolve) => (release = resolve)));
    await board.load(2, async (id) => report(id, 1));
    release(report(1, 9));
    await slow;
    expect(board.report?.hubId).toBe(2);
    await board.load(2, async () => {
      throw new ApiError('forbidden', 'this belongs to another hub than yours', 403);
    });
    expect(board.status).toBe('error');
    expect(board.message?.(t)).toBe('this belongs to another hub than yours');
  });
});

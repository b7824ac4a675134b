import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../server/src/dispatch/suggest';
import { classifyMisses } from './day-misses';
import { DispatchLog } from './dispatch-log';
import type { Hold } from './holds';
import type { SimStop } from './sim-courier';

const MINUTE = 60_000;

function stop(id: number, windowEndMin: number, arrivedMin: number | null, courierId = 1): SimStop {
  return {
    id,
    kind: 'delivery',
    orderRef: `o${id}`,
    node: 0,
    lat: 0,
    lng: 0,
    windowStart: 0,
    windowEnd: windowEndMin * MINUTE,
    serviceSeconds: 60,
    demand: 1,
    slaTier: 'same_day',
    status: arrivedMin === null ? 'assigned' : 'delivered',
    courierId,
    arrivedAt: arrivedMin === null ? null : arrivedMin * MINUTE,
    deliveredAt: null,
  };
}

function proposal(
  stopId: number,
  removed: number,
  madeLate: number[],
  arriveMin: number,
): Proposal {
  return {
    kind: 'late_risk',
    stopIds: [stopId],
    fromCourierId: 1,
    toCourierId: 2,
    insertPosition: 1,
    moves: [{ stopId, toCourierId: 2, insertPosition: 1 }],
    routeVersions: {},
    score: removed,
    explanation: '',
    effect: {
      latenessRemovedMinutes: removed,
      addedMinutes: 1,
      otherStopsOnTime: 0,
      otherStopsMadeLate: madeLate,
      arrivals: [{ stopId, arriveAt: arriveMin * MINUTE }],
    },
    candidatesExamined: 1,
  };
}

describe('classifyMisses', () => {
  const log = new DispatchLog();
  const moveLate = proposal(3, 5, [], 130);
  const moveOnTime = proposal(4, 5, [], 90);
  log.record([2], [proposal(2, 10, [7], 80)], undefined, 50 * MINUTE);
  log.record([3], [moveLate], moveLate, 60 * MINUTE, true);
  log.record([4], [moveOnTime], moveOnTime, 60 * MINUTE);
  log.record([5], [], undefined, 150 * MINUTE);
  log.record([6], [proposal(6, 0, [], 200)], undefined, 50 * MINUTE);
  log.record([8], [], undefined, 50 * MINUTE);
  const holds: Hold[] = [
    { courierId: 2, kind: 'stall', fromMs: 10 * MINUTE, toMs: 20 * MINUTE },
    { courierId: 2, kind: 'breakdown', fromMs: 30 * MINUTE, toMs: 90 * MINUTE },
  ];
  const stops = [
    stop(1, 100, 90), // on time: no miss
    stop(2, 100, 110), // refused: it would have made stop 7 late
    stop(3, 100, 130, 2), // moved, predicted late there too
    stop(4, 100, 120, 2), // moved, predicted on time, late anyway
    stop(5, 100, 120), // first asked about after its window closed
    stop(6, 100, 120), // proposals removed nothing
    stop(7, 100, null), // never asked about, never reached
    stop(8, 100, 101), // asked, nothing proposed
  ];
  const misses = classifyMisses(stops, log, holds, { dueByMs: 480 * MINUTE, endMs: 600 * MINUTE });
  const causeOf = (id: number) => misses.find((m) => m.stopId === id)?.cause;

  it('lists every late or undelivered stop due, and no stop on time', () => {
    expect(misses.map((m) => m.stopId)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('names the cause of each', () => {
    expect([2, 3, 4, 5, 6, 7, 8].map(causeOf)).toEqual([
      'refused_collateral',
      'moved_predicted_late',
      'moved_predicted_on_time',
      'asked_after_window',
      'no_gain',
      'never_asked',
      'no_proposal',
    ]);
  });

  it('tells how long before its window end a stop had its own first alert', () => {
    expect(misses.find((m) => m.stopId === 3)?.warningMinutes).toBe(40);
    expect(misses.find((m) => m.stopId === 2)?.warningMinutes).toBeNull();
  });

  it('names the last hold its final courier went through before reaching it', () => {
    expect(misses.find((m) => m.stopId === 3)?.heldBy).toBe('breakdown');
    expect(misses.find((m) => m.stopId === 2)?.heldBy).toBe('none');
  });
});

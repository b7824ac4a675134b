import { describe, expect, it } from 'vitest';
import { explainMove, explainSpread, ordinal, type MovedStopLine } from './explain';
import { MINUTE_MS, T0, makeLiveStop, options } from '../../../../test/factories/suggest-factories';

const wording = {
  nameOf: options.nameOf!,
  formatClock: options.formatClock!,
};

function line(
  id: number,
  arriveMinutes: number,
  dueMinutes: number,
  lateBefore = 0,
): MovedStopLine {
  const stop = makeLiveStop(id, 0, { windowEnd: T0 + dueMinutes * MINUTE_MS });
  const lateAfter = Math.max(0, arriveMinutes - dueMinutes);
  return {
    stop,
    arriveAt: T0 + arriveMinutes * MINUTE_MS,
    lateBeforeMinutes: lateBefore,
    lateAfterMinutes: lateAfter,
  };
}

describe('ordinal', () => {
  it('writes English ordinals, teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
  });
});

describe('explainMove', () => {
  it('lists stops moved together with their positions and times', () => {
    const text = explainMove(
      {
        verb: 'move',
        fromCourierId: 1,
        fromReason: 'offline 4 min',
        toCourierId: 2,
        insertPosition: 3,
        moved: [line(11, 32, 45), line(12, 40, 60)],
        receiver: { courierId: 2, otherOnTime: 6, otherAlreadyLate: 0, madeLate: [] },
        addedMinutes: 11.4,
      },
      wording,
    );

    expect(text).toBe(
      "Move #11 and #12 from Ana (offline 4 min) to Ben as 3rd and 4th stops, in this order: #11 arrives 12:32, window ends 12:45; #12 arrives 12:40, window ends 13:00; Ben's 6 other stops stay on time; +11 min to Ben's route",
    );
  });

  it('says how late a stop stays when the move only shortens its lateness', () => {
    const text = explainMove(
      {
        verb: 'move',
        fromCourierId: 1,
        fromReason: 'predicted 19 min late',
        toCourierId: 2,
        insertPosition: 1,
        moved: [line(11, 52, 45, 19)],
        receiver: { courierId: 2, otherOnTime: 2, otherAlreadyLate: 1, madeLate: [] },
        addedMinutes: 0.2,
      },
      wording,
    );

    expect(text).toBe(
      "Move #11 from Ana (predicted 19 min late) to Ben as 1st stop: arrives 12:52, window ends 12:45 (7 min late instead of 19); Ben's 2 other stops stay on time; 1 already late is not delayed further; +<1 min to Ben's route",
    );
  });
});

describe('explainSpread', () => {
  it('names each receiver and the stops that stay', () => {
    const text = explainSpread(
      {
        fromCourierId: 1,
        fromReason: 'stalled 12 min',
        moves: [
          { toCourierId: 2, insertPosition: 3, line: line(11, 32, 45) },
          { toCourierId: 3, insertPosition: 1, line: line(12, 40, 60) },
        ],
        kept: [makeLiveStop(13, 0)],
        receivers: [
          { courierId: 2, otherOnTime: 6, otherAlreadyLate: 0, madeLate: [] },
          { courierId: 3, otherOnTime: 1, otherAlreadyLate: 0, madeLate: [] },
        ],
        addedMinutes: 18,
      },
      wording,
    );

    expect(text).toBe(
      "Move 2 of Ana's 3 stops (stalled 12 min): #11 to Ben as 3rd stop, arrives 12:32, window ends 12:45; #12 to Cy as 1st stop, arrives 12:40, window ends 13:00; #13 stays with Ana; Ben's 6 other stops stay on time; Cy's other stop stays on time; +18 min in total",
    );
  });

  it('counts the kept stops instead of naming them when there are many', () => {
    const text = explainSpread(
      {
        fromCourierId: 1,
        fromReason: 'stalled 12 min',
        moves: [{ toCourierId: 2, insertPosition: 1, line: line(11, 32, 45) }],
        kept: [13, 14, 15, 16, 17].map((id) => makeLiveStop(id, 0)),
        receivers: [{ courierId: 2, otherOnTime: 2, otherAlreadyLate: 0, madeLate: [] }],
        addedMinutes: 4,
      },
      wording,
    );
    expect(text).toBe(
      "Move 1 of Ana's 6 stops (stalled 12 min): #11 to Ben as 1st stop, arrives 12:32, window ends 12:45; the other 5 stay with Ana; Ben's 2 other stops stay on time; +4 min in total",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { dayExportRows, minutesLate, stopOutcome, type DayStop } from './day-export';

const at = (hhmm: string) => Date.parse(`2025-05-02T${hhmm}:00-04:00`);
const stop = (over: Partial<DayStop> = {}): DayStop => ({
  id: 1,
  orderRef: 'A-1',
  kind: 'delivery',
  address: 'Rua A, 10',
  courierId: 3,
  courierName: 'Ana',
  status: 'delivered',
  windowStart: at('09:00'),
  windowEnd: at('11:00'),
  eta: null,
  arrivedAt: at('11:10'),
  completedAt: at('11:14'),
  failureReason: null,
  failureCode: null,
  attempts: 1,
  failedAttempts: 0,
  ...over,
});

describe('the day export', () => {
  it('names outcomes in plain words', () => {
    expect(
      [
        'delivered',
        'failed',
        'cancelled',
        'returned',
        'returning',
        'assigned',
        'en_route',
        'unassigned',
        'arrived',
      ].map((s) => stopOutcome(s as DayStop['status'])),
    ).toEqual([
      'delivered',
      'failed',
      'cancelled',
      'returned',
      'returning',
      'open',
      'open',
      'open',
      'open',
    ]);
  });

  it('counts minutes late at completion, or until now for an open stop', () => {
    const now = at('12:00');
    expect(minutesLate(stop(), now)).toBe(14);
    expect(minutesLate(stop({ completedAt: at('10:00') }), now)).toBe(0);
    expect(minutesLate(stop({ status: 'assigned', completedAt: null }), now)).toBe(60);
    expect(minutesLate(stop({ status: 'assigned', completedAt: null }), at('10:00'))).toBe(0);
    expect(minutesLate(stop({ status: 'cancelled' }), now)).toBeNull();
  });

  it('writes one row per stop with times in the hub’s offset', () => {
    const rows = dayExportRows(
      [
        stop(),
        stop({
          orderRef: 'A-2',
          status: 'failed',
          failureReason: 'nobody home',
          failureCode: 'other',
          attempts: 2,
          failedAttempts: 2,
          arrivedAt: null,
          completedAt: at('10:30'),
        }),
        stop({
          orderRef: null,
          courierName: null,
          status: 'unassigned',
          eta: at('13:00'),
          arrivedAt: null,
          completedAt: null,
        }),
      ],
      'America/Campo_Grande',
      at('12:00'),
    );
    expect(rows[0]).toEqual([
      'A-1',
      'delivery',
      'Rua A, 10',
      'Ana',
      '2025-05-02T09:00:00-04:00',
      '2025-05-02T11:00:00-04:00',
      null,
      '2025-05-02T11:10:00-04:00',
      '2025-05-02T11:14:00-04:00',
      'delivered',
      14,
      null,
      1,
      null,
      0,
    ]);
    expect(rows[1]!.slice(9)).toEqual(['failed', 0, 'nobody home', 2, 'other', 2]);
    expect(rows[2]!.slice(0, 4)).toEqual([null, 'delivery', 'Rua A, 10', null]);
    expect(rows[2]![6]).toBe('2025-05-02T13:00:00-04:00');
    expect(rows[2]![9]).toBe('open');
  });

  it('shows a failure planned again as open with its attempts, and a parcel going back as returning', () => {
    const replanned = stop({
      status: 'unassigned',
      courierName: null,
      arrivedAt: null,
      completedAt: null,
      failureCode: 'not_home',
      attempts: 1,
      failedAttempts: 1,
    });
    const back = stop({ status: 'returning', completedAt: at('11:30'), failureCode: 'refused' });
    const [open, returning] = dayExportRows([replanned, back], 'America/Campo_Grande', at('12:00'));
    expect(open!.slice(9)).toEqual(['open', 60, null, 1, 'not_home', 1]);
    expect(returning!.slice(9)).toEqual(['returning', 30, null, 1, 'refused', 0]);
  });
});

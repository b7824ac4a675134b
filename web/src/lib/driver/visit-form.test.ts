import { describe, expect, test } from 'vitest';
import { compileValidator, StopVisitReportSchema } from '@dispatch/shared';
import {
  deliveryProblems,
  deliveryReport,
  failureProblems,
  failureReport,
  type DeliveryDraft,
} from './visit-form';

const valid = compileValidator(StopVisitReportSchema, 'visit');
const empty: DeliveryDraft = { recipientName: '', note: '', code: '', photoCount: 0 };

describe('the delivery form', () => {
  test('a stop that requires a code cannot be delivered without one', () => {
    expect(deliveryProblems(empty, true)).toEqual(['driver.form.codeRequired']);
    expect(deliveryProblems({ ...empty, code: '  ' }, true)).toEqual(['driver.form.codeRequired']);
    expect(deliveryProblems({ ...empty, code: '4821' }, true)).toEqual([]);
    expect(deliveryProblems(empty, false)).toEqual([]);
  });

  test('too many photos or too long a text is caught before sending', () => {
    expect(deliveryProblems({ ...empty, photoCount: 10 }, false)).toEqual([
      'driver.form.tooManyPhotos',
    ]);
    expect(deliveryProblems({ ...empty, note: 'x'.repeat(501) }, false)).toEqual([
      'driver.form.textTooLong',
    ]);
  });

  test('the report carries the trimmed name, code and note, and nothing empty', () => {
    const report = deliveryReport(
      7,
      { recipientName: ' Ana ', note: ' left with the doorman ', code: '4821', photoCount: 1 },
      'abcdefgh12',
      1000.4,
    );
    expect(report).toEqual({
      stopId: 7,
      t: 1000,
      actionId: 'abcdefgh12',
      note: 'left with the doorman',
      proof: { recipientName: 'Ana', code: '4821' },
    });
    expect(valid.check(report)).toBe(true);
    expect(deliveryReport(7, empty, 'abcdefgh12', 1)).toEqual({
      stopId: 7,
      t: 1,
      actionId: 'abcdefgh12',
    });
  });
});

describe('the failed-attempt form', () => {
  test('needs a reason, and a note when the reason is "other"', () => {
    expect(failureProblems({ reason: null, note: '', photoCount: 0 })).toEqual([
      'driver.form.reasonRequired',
    ]);
    expect(failureProblems({ reason: 'other', note: ' ', photoCount: 0 })).toEqual([
      'driver.form.noteRequired',
    ]);
    expect(failureProblems({ reason: 'other', note: 'gate locked', photoCount: 0 })).toEqual([]);
    expect(failureProblems({ reason: 'not_home', note: '', photoCount: 1 })).toEqual([]);
  });

  test('the report carries the reason code and the note', () => {
    const report = failureReport(
      7,
      { reason: 'no_access', note: 'gate locked', photoCount: 0 },
      'abcdefgh12',
      5,
    );
    expect(report).toEqual({
      stopId: 7,
      t: 5,
      actionId: 'abcdefgh12',
      reasonCode: 'no_access',
      note: 'gate locked',
    });
    expect(valid.check(report)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError, type StopVisitReport } from '@dispatch/shared';
import { checkDeliveryCode, checkVisitFields, failureOf, failureText } from './visit-rules';

const visit = (fields: Partial<StopVisitReport> = {}): StopVisitReport => ({
  stopId: 7,
  ...fields,
});

/** The wire error a function throws. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err.toWire();
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('failureOf', () => {
  it('takes the reason code and the note', () => {
    expect(failureOf(visit({ reasonCode: 'not_home', note: ' rang twice ' }))).toEqual({
      code: 'not_home',
      note: 'rang twice',
    });
    expect(failureOf(visit({ reasonCode: 'refused' }))).toEqual({ code: 'refused', note: null });
  });

  it("reads an older device's free-text reason as other with that note", () => {
    expect(failureOf(visit({ reason: 'dog in the garden' }))).toEqual({
      code: 'other',
      note: 'dog in the garden',
    });
  });

  it('refuses a failed attempt without any reason', () => {
    expect(refusal(() => failureOf(visit()))).toMatchObject({
      code: 'invalid',
      details: [{ path: '/reasonCode' }],
    });
  });

  it('refuses other without a note, or with a blank one', () => {
    for (const note of [undefined, '   ']) {
      expect(refusal(() => failureOf(visit({ reasonCode: 'other', note })))).toMatchObject({
        code: 'invalid',
        details: [{ path: '/note' }],
      });
    }
  });
});

describe('checkVisitFields', () => {
  it('lets a delivery carry its proof and a note', () => {
    expect(() =>
      checkVisitFields(
        'delivered',
        visit({ note: 'left with neighbour', proof: { code: '1234' } }),
      ),
    ).not.toThrow();
  });

  it('refuses proof or a note on setting off or arriving', () => {
    expect(refusal(() => checkVisitFields('arrived', visit({ note: 'here' }))).code).toBe(
      'invalid',
    );
    expect(
      refusal(() => checkVisitFields('en_route', visit({ proof: { photoIds: [1] } }))).code,
    ).toBe('invalid');
  });

  it('refuses a reason on anything but a failed attempt', () => {
    expect(
      refusal(() => checkVisitFields('delivered', visit({ reasonCode: 'not_home' }))).code,
    ).toBe('invalid');
  });

  it('lets a failed attempt carry photos only', () => {
    expect(() =>
      checkVisitFields('failed', visit({ reasonCode: 'not_home', proof: { photoIds: [3] } })),
    ).not.toThrow();
    expect(
      refusal(() =>
        checkVisitFields('failed', visit({ reasonCode: 'refused', proof: { recipientName: 'X' } })),
      ).code,
    ).toBe('invalid');
  });
});

describe('checkDeliveryCode', () => {
  const coded = { requiresCode: true, deliveryCode: '0427' };

  it('checks nothing on a stop that asks for no code', () => {
    expect(checkDeliveryCode({ requiresCode: false, deliveryCode: null }, '9999')).toBe(false);
  });

  it('accepts the matching code, read out with blanks around it', () => {
    expect(checkDeliveryCode(coded, ' 0427 ')).toBe(true);
  });

  it('refuses a wrong code and a missing one', () => {
    expect(refusal(() => checkDeliveryCode(coded, '0428'))).toMatchObject({
      code: 'invalid',
      message: 'the delivery code does not match',
    });
    expect(refusal(() => checkDeliveryCode(coded, '04270'))).toMatchObject({ code: 'invalid' });
    expect(refusal(() => checkDeliveryCode(coded, undefined))).toMatchObject({
      code: 'invalid',
      details: [{ path: '/proof/code', message: 'required' }],
    });
  });
});

describe('failureText', () => {
  it('words a reason code, with the note after it', () => {
    expect(failureText('wrong_address', null)).toBe('wrong address');
    expect(failureText('not_home', 'rang twice')).toBe('not home: rang twice');
    expect(failureText('other', 'gate locked')).toBe('gate locked');
    expect(failureText(null, 'older free text')).toBe('older free text');
  });
});

import { describe, expect, test } from 'vitest';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { refusalText, refusalWords } from './refusal-words';

describe('refusals in the courier’s words', () => {
  test('a wrong delivery code is named as such', () => {
    expect(
      refusalWords({
        code: 'invalid',
        message: 'the delivery code does not match',
        details: [{ path: '/proof/code', message: 'does not match' }],
      }),
    ).toEqual({ key: 'driver.refusal.wrongCode' });
  });

  test('a stop already further along says where it is', () => {
    expect(
      refusalWords({
        code: 'conflict',
        message: 'the stop is cancelled; it cannot become delivered',
        details: [{ path: 'status', message: 'cancelled' }],
      }),
    ).toEqual({ key: 'driver.refusal.already', params: { status: 'cancelled' } });
  });

  test('a stop of another courier is no longer on the route', () => {
    expect(refusalWords({ code: 'forbidden', message: 'not your stop' })).toEqual({
      key: 'driver.refusal.notYours',
    });
  });

  test('anything else keeps the server’s words', () => {
    expect(refusalWords({ code: 'invalid', message: 'a note is needed' })).toBeNull();
    expect(
      refusalWords({ code: 'conflict', message: 'x', details: [{ path: 'status', message: '?' }] }),
    ).toBeNull();
  });

  test('the text shown names the stop’s status in the courier’s language, else the server’s words', () => {
    const already = {
      code: 'conflict' as const,
      message: 'stop 8 is returned',
      details: [{ path: 'status', message: 'returned' }],
    };
    expect(refusalText(already, translator('en', en, en))).toBe(
      'this stop is already “Back at the hub”.',
    );
    expect(refusalText(already, translator('pt-BR', ptBR, en))).toContain('De volta ao centro');
    expect(refusalText({ code: 'invalid', message: 'odd' }, translator('en', en, en))).toBe('odd');
  });
});

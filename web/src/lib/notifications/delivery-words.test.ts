import { describe, expect, it } from 'vitest';
import { NOTIFICATION_EVENT_TYPES } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { EVENT_LABELS, canResend, deliveryState, deliveryStateText } from './delivery-words';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);
const delivery = (
  status: 'pending' | 'sent' | 'dead' | 'logged',
  attempts = 0,
  code: number | null = null,
) => ({
  status,
  attempts,
  lastStatusCode: code,
});

describe('a delivery’s state in words', () => {
  it('tells a first wait from a retry', () => {
    expect(deliveryState(delivery('pending'))).toBe('queued');
    expect(deliveryState(delivery('pending', 2))).toBe('retrying');
    expect(deliveryStateText(delivery('pending'), t)).toBe('Queued');
  });

  it('gives the attempts and the last answer while retrying', () => {
    expect(deliveryStateText(delivery('pending', 3, 503), t)).toBe(
      'Retrying (3 attempts, last 503)',
    );
    expect(deliveryStateText(delivery('pending', 1, null), t)).toBe('Retrying (attempt 1)');
    expect(deliveryStateText(delivery('pending', 3, 503), tp)).toBe(
      'Tentando de novo (3 tentativas, última 503)',
    );
  });

  it('says a message was only logged, and when it was given up on', () => {
    expect(deliveryStateText(delivery('logged'), t)).toBe('Logged, not sent');
    expect(deliveryStateText(delivery('dead', 12, 500), t)).toBe('Gave up after 12 attempts');
    expect(deliveryStateText(delivery('sent', 1, 200), tp)).toBe('Enviada');
  });

  it('names every event type in both languages', () => {
    for (const type of NOTIFICATION_EVENT_TYPES) {
      expect(t(EVENT_LABELS[type])).not.toBe(EVENT_LABELS[type]);
      expect(tp(EVENT_LABELS[type])).not.toBe(t(EVENT_LABELS[type]));
    }
  });

  it('offers sending again to admins only, for sent or dead deliveries', () => {
    const admin = { role: 'admin' as const };
    expect(canResend({ status: 'dead' }, admin)).toBe(true);
    expect(canResend({ status: 'sent' }, admin)).toBe(true);
    expect(canResend({ status: 'pending' }, admin)).toBe(false);
    expect(canResend({ status: 'logged' }, admin)).toBe(false);
    expect(canResend({ status: 'dead' }, { role: 'dispatcher' })).toBe(false);
    expect(canResend({ status: 'dead' }, null)).toBe(false);
  });
});

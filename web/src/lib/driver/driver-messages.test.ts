import { describe, expect, test } from 'vitest';
import { FAILURE_REASONS, STOP_KINDS, STOP_STATUSES } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

describe('the courier app’s words', () => {
  test('every status, kind of stop and failure reason has a label in both languages', () => {
    const keys = [
      ...STOP_STATUSES.map((s) => `driver.status.${s}`),
      ...STOP_KINDS.map((k) => `driver.kind.${k}`),
      ...FAILURE_REASONS.map((r) => `driver.fail.reason.${r}`),
      ...['online', 'connecting', 'offline'].map((l) => `driver.connection.${l}`),
    ];
    for (const key of keys) {
      expect(Object.keys(en), key).toContain(key);
      expect(Object.keys(ptBR), key).toContain(key);
    }
  });

  test('counts agree with their numbers', () => {
    expect(t('driver.stop.parcels', { count: 1 })).toBe('1 parcel');
    expect(t('driver.stop.parcels', { count: 3 })).toBe('3 parcels');
    expect(pt('driver.stop.parcels', { count: 1 })).toBe('1 volume');
    expect(pt('driver.stop.parcels', { count: 3 })).toBe('3 volumes');
    expect(pt('driver.queue.images', { count: 2 })).toBe('2 imagens');
  });

  test('a parcel going back names its hub', () => {
    expect(t('driver.back.title', { hub: 'Hub Centro' })).toBe('Back to hub: Hub Centro');
    expect(pt('driver.back.title', { hub: 'Hub Centro' })).toBe('Voltar ao centro: Hub Centro');
    expect(pt('driver.back.handedIn')).not.toBe(t('driver.back.handedIn'));
  });

  test('route notices name the stop', () => {
    expect(t('driver.notice.added', { label: 'A-17' })).toBe('Stop A-17 was added to your route');
    expect(pt('driver.notice.removed', { label: 'A-17' })).toBe(
      'A parada A-17 foi retirada da sua rota',
    );
  });
});

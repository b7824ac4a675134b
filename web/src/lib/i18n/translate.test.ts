import { describe, expect, it } from 'vitest';
import { translator } from './translate';

const en = {
  greeting: 'Hello {name}',
  stops: { one: '{count} stop', other: '{count} stops' },
  onlyEnglish: 'Only in English',
};
const pt = {
  greeting: 'Olá {name}',
  stops: { one: '{count} parada', other: '{count} paradas' },
};

describe('translator', () => {
  it('fills named placeholders', () => {
    expect(translator('en', en, en)('greeting', { name: 'Ana' })).toBe('Hello Ana');
    expect(translator('pt-BR', pt, en)('greeting', { name: 'Ana' })).toBe('Olá Ana');
  });

  it('picks the plural form of the language and formats the count', () => {
    const t = translator('en', en, en);
    expect(t('stops', { count: 1 })).toBe('1 stop');
    expect(t('stops', { count: 1200 })).toBe('1,200 stops');
    const tp = translator('pt-BR', pt, en);
    expect(tp('stops', { count: 1 })).toBe('1 parada');
    expect(tp('stops', { count: 1200 })).toBe('1.200 paradas');
  });

  it('falls back to English, then to the key', () => {
    const t = translator('pt-BR', pt, en);
    expect(t('onlyEnglish')).toBe('Only in English');
    expect(t('nowhere')).toBe('nowhere');
  });

  it('leaves a placeholder without a value as written', () => {
    expect(translator('en', en, en)('greeting')).toBe('Hello {name}');
  });
});

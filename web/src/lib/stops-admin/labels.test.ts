import { describe, expect, it } from 'vitest';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { kindLabel, slaLabel } from './labels';

describe('stop kinds and service levels', () => {
  it('are named in the language of the page', () => {
    const t = translator('en', en, en);
    const tp = translator('pt-BR', ptBR, en);
    expect(kindLabel('return_pickup', t)).toBe('Return pickup');
    expect(kindLabel('pickup', tp)).toBe('Coleta');
    expect(slaLabel('same_day', t)).toBe('Same day');
    expect(slaLabel('next_day', tp)).toBe('Dia seguinte');
  });
});

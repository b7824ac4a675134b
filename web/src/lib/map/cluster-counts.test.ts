import { describe, expect, test } from 'vitest';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { clusterLabel } from './cluster-counts';

describe('clusterLabel', () => {
  const t = translator('en', en, en);
  const pt = translator('pt-BR', ptBR, en);

  test('counts the stops and says how many are behind', () => {
    expect(clusterLabel(12, 2, 1, t)).toBe('12 stops, 2 late, 1 at risk');
    expect(clusterLabel(1, 0, 0, t)).toBe('1 stop');
  });

  test('says it in Portuguese', () => {
    expect(clusterLabel(12, 2, 1, pt)).toBe('12 paradas, 2 atrasadas, 1 em risco');
    expect(clusterLabel(3, 1, 0, pt)).toBe('3 paradas, 1 atrasada');
  });
});

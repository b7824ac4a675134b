import { describe, expect, it } from 'vitest';
import { en } from './messages/en';
import { ptBR } from './messages/pt-br';
import { translator } from './translate';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

describe('the fleet panels’ counted messages', () => {
  it('the courier drawer counts the stops still to go', () => {
    expect(t('fleet.drawer.stopsToGo', { count: 1 })).toBe('1 stop to go');
    expect(t('fleet.drawer.stopsToGo', { count: 4 })).toBe('4 stops to go');
    expect(pt('fleet.drawer.stopsToGo', { count: 1 })).toBe('falta 1 parada');
    expect(pt('fleet.drawer.stopsToGo', { count: 4 })).toBe('faltam 4 paradas');
  });

  it('the courier list’s badges agree with the number of stops', () => {
    expect(t('fleet.lateCount', { count: 2 })).toBe('2 late');
    expect(pt('fleet.lateCount', { count: 1 })).toBe('1 atrasada');
    expect(pt('fleet.lateCount', { count: 2 })).toBe('2 atrasadas');
    expect(pt('fleet.atRiskCount', { count: 3 })).toBe('3 em risco');
  });

  it('the filter names couriers by their worst stop', () => {
    const state = (tr: typeof t) => tr('fleet.couriersInState.none');
    expect(t('fleet.list.onlyState', { state: state(t) })).toBe('Only couriers with no open stops');
    expect(pt('fleet.list.onlyState', { state: pt('fleet.couriersInState.late') })).toBe(
      'Só entregadores atrasados',
    );
  });

  it('the plan button and the move panel count their stops', () => {
    expect(t('planning.buttonCount', { count: 3 })).toBe('Plan 3 unassigned');
    expect(pt('planning.buttonCount', { count: 1 })).toBe('Planejar 1 não atribuída');
    expect(pt('planning.buttonCount', { count: 3 })).toBe('Planejar 3 não atribuídas');
    expect(t('planning.move.stops', { count: 2 })).toBe('Move 2 stops');
    expect(pt('planning.move.stops', { count: 2 })).toBe('Mover 2 paradas');
  });
});

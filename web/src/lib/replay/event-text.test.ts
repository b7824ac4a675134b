import { describe, expect, it } from 'vitest';
import type { ReplayEvent } from '@dispatch/shared';
import { alertKindLabel } from '../console/alert-text';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { eventGroup, eventText } from './event-text';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

const names = {
  courier: (id: number) => ({ 1: 'Ana', 2: 'Ben' })[id] ?? 'courier',
  stop: (id: number) => `#A-${id}`,
};
const base: ReplayEvent = {
  at: 0,
  kind: 'stop.delivered',
  courierId: 1,
  stopId: 7,
  subjectId: null,
  otherCourierId: null,
  note: '',
};

describe('eventText', () => {
  it('says what happened in plain words', () => {
    expect(eventText(base, names, t)).toBe('Ana delivered #A-7');
    expect(eventText({ ...base, kind: 'stop.failed', note: 'nobody home' }, names, t)).toBe(
      'Ana could not deliver #A-7: nobody home',
    );
    expect(
      eventText(
        { ...base, kind: 'stop.moved', courierId: 2, otherCourierId: 1, note: 'by hand' },
        names,
        t,
      ),
    ).toBe('#A-7 moved from Ana to Ben (by hand)');
    expect(
      eventText(
        {
          ...base,
          kind: 'route.planned',
          courierId: null,
          stopId: null,
          note: '40 stops onto 3 couriers',
        },
        names,
        t,
      ),
    ).toBe('Plan made: 40 stops onto 3 couriers');
    expect(
      eventText({ ...base, kind: 'alert.acknowledged', stopId: null, note: 'stalled' }, names, t),
    ).toBe('Acknowledged: Stalled: Ana');
  });

  it('says it in Portuguese, the server’s words for moves and plans included', () => {
    expect(eventText(base, names, pt)).toBe('Ana entregou #A-7');
    expect(
      eventText(
        { ...base, kind: 'stop.moved', courierId: 2, otherCourierId: 1, note: 'by hand' },
        names,
        pt,
      ),
    ).toBe('#A-7 passou de Ana para Ben (manual)');
    const plan = { ...base, kind: 'route.planned' as const, courierId: null, stopId: null };
    expect(eventText({ ...plan, note: '40 stops onto 3 couriers' }, names, pt)).toBe(
      'Plano feito: 40 paradas para 3 entregadores',
    );
    expect(eventText({ ...plan, courierId: 1, note: '1 stop' }, names, pt)).toBe(
      'Rota planejada para Ana: 1 parada',
    );
    expect(
      eventText({ ...base, kind: 'alert.resolved', stopId: null, note: 'stalled' }, names, pt),
    ).toBe(`Resolvido: ${alertKindLabel('stalled', pt)}: Ana`);
  });

  it('sorts events into visits, problems and dispatch', () => {
    expect(eventGroup({ kind: 'stop.arrived' })).toBe('visit');
    expect(eventGroup({ kind: 'alert.opened' })).toBe('problem');
    expect(eventGroup({ kind: 'stop.moved' })).toBe('dispatch');
    expect(eventGroup({ kind: 'suggestion.accepted' })).toBe('dispatch');
  });
});

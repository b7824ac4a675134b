import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { actorName, eventText, subjectName } from './event-words';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

const couriers = { '5': 'Bruno', '6': 'Carla' };
const event = (over: Partial<AuditEvent> = {}): AuditEvent => ({
  id: 1,
  at: 0,
  kind: 'stop.reassigned',
  actor: { type: 'user', id: 3, name: 'Ana' },
  subject: { type: 'stop', id: 42, label: 'R-1042', detail: '12 Rua Augusta' },
  hubId: 1,
  hubName: 'North',
  data: { from: 5, to: 6 },
  ...over,
});

describe('eventText', () => {
  it('says who moved which stop from whom to whom', () => {
    expect(eventText(event(), couriers, t)).toBe('Ana moved stop R-1042 from Bruno to Carla');
    expect(eventText(event(), couriers, pt)).toBe('Ana passou a parada R-1042 de Bruno para Carla');
  });

  it('says a stop was put on a route when it came from none', () => {
    expect(eventText(event({ data: { from: null, to: 6 } }), couriers, t)).toBe(
      'Ana put stop R-1042 on Carla’s route',
    );
  });

  it('names a courier the page has no name for by number', () => {
    expect(eventText(event({ data: { from: 9, to: 6 } }), couriers, t)).toBe(
      'Ana moved stop R-1042 from courier 9 to Carla',
    );
  });

  it('counts failed sign-ins for an address from where they came', () => {
    const failed = event({
      kind: 'auth.login_failed',
      actor: { type: 'anonymous', id: null, name: 'anonymous' },
      subject: { type: 'user', id: null, label: null, detail: null },
      data: { email: 'x@y', ip: '10.0.0.5', count: 3 },
    });
    expect(eventText(failed, {}, t)).toBe('3 failed sign-ins for x@y from 10.0.0.5');
    expect(eventText({ ...failed, data: { email: 'x@y' } }, {}, t)).toBe(
      '1 failed sign-in for x@y',
    );
    expect(eventText(failed, {}, pt)).toBe(
      '3 tentativas de login falharam para x@y a partir de 10.0.0.5',
    );
  });

  it('says why a delivery failed, and which fields an edit changed, in words', () => {
    expect(
      eventText(
        event({
          kind: 'stop.failed',
          actor: { type: 'courier', id: 5, name: 'Bruno' },
          data: { reason: 'nobody home' },
        }),
        couriers,
        t,
      ),
    ).toBe('Bruno could not deliver stop R-1042: nobody home');
    expect(
      eventText(
        event({
          kind: 'stop.updated',
          data: { before: { windowStart: 1, windowEnd: 2, address: 'a' }, after: {} },
        }),
        couriers,
        t,
      ),
    ).toBe('Ana edited stop R-1042 (time window, address)');
  });

  it('words the courier, route, alert and suggestion kinds', () => {
    const courier = { type: 'courier', id: 5, label: 'Bruno', detail: null };
    expect(eventText(event({ kind: 'courier.created', subject: courier }), {}, t)).toBe(
      'Ana added courier Bruno',
    );
    expect(
      eventText(
        event({ kind: 'route.changed', subject: courier, data: { reason: 'import' } }),
        {},
        t,
      ),
    ).toBe('Ana changed Bruno’s route (import)');
    expect(
      eventText(
        event({
          kind: 'alert.opened',
          actor: { type: 'system', id: null, name: 'system' },
          subject: { type: 'alert', id: 8, label: 'stalled', detail: 'Bruno' },
        }),
        {},
        t,
      ),
    ).toMatch(/^Alert: .+ \(Bruno\)$/);
    expect(
      eventText(
        event({
          kind: 'suggestion.accepted',
          subject: { type: 'suggestion', id: 2, label: null, detail: 'Move R-1 to Carla' },
        }),
        {},
        t,
      ),
    ).toBe('Ana accepted the suggestion: Move R-1 to Carla');
  });

  it('falls back to the stored kind for a kind it has no sentence for', () => {
    expect(
      eventText(
        event({
          kind: 'ops.restarted',
          subject: { type: 'hub', id: 1, label: 'North', detail: null },
        }),
        {},
        t,
      ),
    ).toBe('Ana: ops.restarted (North)');
  });
});

describe('actorName and subjectName', () => {
  it('name actors without a record of their own in words', () => {
    expect(actorName({ type: 'system', id: null, name: 'system' }, t)).toBe('The system');
    expect(actorName({ type: 'customer', id: null, name: 'customer' }, pt)).toBe('O cliente');
    expect(actorName({ type: 'api_key', id: 2, name: 'Loja' }, t)).toBe('Loja’s system');
    expect(actorName({ type: 'user', id: 7, name: null }, t)).toBe('Account 7 (removed)');
  });

  it('name a subject that is gone by its kind and number', () => {
    expect(subjectName({ type: 'stop', id: 42, label: null, detail: null }, t)).toBe('stop 42');
    expect(subjectName({ type: 'route', id: null, label: null, detail: null }, pt)).toBe('rota');
  });
});

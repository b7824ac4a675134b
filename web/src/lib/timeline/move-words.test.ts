import { describe, expect, test } from 'vitest';
import type { MovePreview } from '@dispatch/shared';
import { translator } from '../i18n/translate';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import {
  candidateLine,
  latenessCaused,
  ordinal,
  previewSentence,
  signedMinutes,
} from './move-words';

const clock = (ms: number) => `t${ms}`;
const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);
const candidate = {
  courierId: 2,
  name: 'Ben',
  position: 2,
  addedDriveMinutes: 3.2,
  lateMinutesCaused: 0,
  stopsMadeLate: 0,
  distanceMeters: 1240,
  eta: 0,
  routeVersion: 1,
};
const preview: MovePreview = {
  stopIds: [7],
  toCourierId: 2,
  position: 1,
  fits: true,
  couriers: [
    {
      courierId: 1,
      name: 'Ana',
      before: { lateMinutes: 9, lateStops: 1 },
      after: { lateMinutes: 0, lateStops: 0 },
      addedDriveMinutes: -4,
      routeVersion: 3,
    },
    {
      courierId: 2,
      name: 'Ben',
      before: { lateMinutes: 0, lateStops: 0 },
      after: { lateMinutes: 5, lateStops: 1 },
      addedDriveMinutes: 2,
      routeVersion: 1,
    },
  ],
  moved: [{ stopId: 7, orderRef: 'A-1', position: 1, eta: 100, lateMinutes: 0 }],
};

describe('move words', () => {
  test('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map((n) => ordinal(n, t))).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
    ]);
    expect([1, 2, 11, 23].map((n) => ordinal(n, pt))).toEqual(['1ª', '2ª', '11ª', '23ª']);
  });

  test('minutes carry their sign', () => {
    expect([signedMinutes(3.4, t), signedMinutes(-2.6, t), signedMinutes(0.2, t)]).toEqual([
      '+3 min',
      '−3 min',
      '0 min',
    ]);
  });

  test('lateness caused, in words', () => {
    expect(latenessCaused(0, 0, t)).toBe('no new lateness');
    expect(latenessCaused(2, 13.6, t)).toBe('2 stops late, +14 min');
    expect(latenessCaused(1, 0.2, t)).toBe('1 stop late, +1 min');
    expect(latenessCaused(0, 4, t)).toBe('4 min later');
  });

  test('lateness caused, in Portuguese', () => {
    expect(latenessCaused(0, 0, pt)).toBe('nenhum atraso novo');
    expect(latenessCaused(1, 0.2, pt)).toBe('1 parada atrasada, +1 min');
    expect(latenessCaused(2, 13.6, pt)).toBe('2 paradas atrasadas, +14 min');
  });

  test('a candidate in one line', () => {
    expect(candidateLine(candidate, t)).toBe(
      '+3 min driving · no new lateness · 2nd stop · 1.2 km away',
    );
    expect(candidateLine({ ...candidate, distanceMeters: 420 }, t)).toMatch(/· 420 m away$/);
  });

  test('a candidate in one line, in Portuguese with its decimal comma', () => {
    expect(candidateLine(candidate, pt)).toBe(
      '+3 min de percurso · nenhum atraso novo · 2ª parada · a 1,2 km',
    );
  });

  test('a preview names the receiver, the arrival, the driving and the lateness removed', () => {
    expect(previewSentence(preview, clock, t)).toBe(
      'Ben, 1st stop: arrives t100 · +2 min driving · 1 stop late, +5 min · Ana 9 min less late',
    );
  });

  test('a preview in Portuguese, with the lateness at the arrival', () => {
    const late = { ...preview, moved: [{ ...preview.moved[0]!, lateMinutes: 6.4 }] };
    expect(previewSentence(late, clock, pt)).toBe(
      'Ben, 1ª parada: chega às t100, 6 min atrasada · +2 min de percurso · ' +
        '1 parada atrasada, +5 min · Ana com 9 min a menos de atraso',
    );
  });
});

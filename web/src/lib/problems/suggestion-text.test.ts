import { describe, expect, test } from 'vitest';
import {
  MIN,
  NOW,
  contextOf,
  inEnglish,
  inPortuguese,
  stopOf,
  suggestionOf,
} from './problem-fixtures';
import { moreOptionsLabel, suggestionSentence } from './suggestion-text';

const ctx = contextOf([
  stopOf(1, { orderRef: 'A-1' }),
  stopOf(2, { orderRef: 'B-2', kind: 'pickup' }),
  stopOf(3, { orderRef: 'B-2' }),
]);
const wording = {
  courierName: ctx.courierName,
  stop: ctx.stop,
  formatClock: (t: number) =>
    `${new Date(t).getUTCHours()}:${String(new Date(t).getUTCMinutes()).padStart(2, '0')}`,
};
const effect = {
  latenessRemovedMinutes: 130.8,
  addedMinutes: 0.3,
  otherStopsOnTime: 6,
  otherStopsMadeLate: [],
  arrivals: [{ stopId: 1, arriveAt: NOW + 17 * MIN }],
};

describe('suggestionSentence', () => {
  test('says what a move does in plain words, without score or "stop(s)"', () => {
    const text = suggestionSentence(
      suggestionOf(1, { toCourierId: 7, effect }),
      wording,
      false,
      inEnglish,
    );
    expect(text).toBe('Move to Ana: saves 2 h 11 min of lateness, arrives 14:17, nobody else late');
    expect(text).not.toMatch(/score|\(s\)|#/);
  });

  test('names the moved order, a pickup and its delivery once, when the problem has several', () => {
    const text = suggestionSentence(suggestionOf(1, { stopIds: [2, 3] }), wording, true, inEnglish);
    expect(text).toBe('Move B-2 to Bruno');
  });

  test('counts other stops it would make late and the time it adds', () => {
    const text = suggestionSentence(
      suggestionOf(1, {
        effect: { ...effect, otherStopsMadeLate: [9, 10], addedMinutes: 12 },
      }),
      wording,
      false,
      inEnglish,
    );
    expect(text).toBe(
      'Move to Bruno: saves 2 h 11 min of lateness, arrives 14:17, makes 2 other stops late, adds 12 min to Bruno’s route',
    );
  });

  test('an unassigned stop is assigned, and a late arrival is said as such', () => {
    const text = suggestionSentence(
      suggestionOf(1, {
        fromCourierId: null,
        effect: { ...effect, latenessRemovedMinutes: -9 },
      }),
      wording,
      true,
      inEnglish,
    );
    expect(text).toBe(
      'Assign A-1 to Bruno: will still be 9 min late, arrives 14:17, nobody else late',
    );
  });

  test('a spread over several couriers names them', () => {
    const text = suggestionSentence(
      suggestionOf(1, { kind: 'stalled', stopIds: [1, 2, 3], receiverIds: [8, 9] }),
      wording,
      true,
      inEnglish,
    );
    expect(text).toBe('Share A-1 and B-2 among Bruno and Cy');
  });

  test('speaks Brazilian Portuguese when the reader does', () => {
    const move = suggestionSentence(
      suggestionOf(1, { toCourierId: 7, effect }),
      wording,
      false,
      inPortuguese,
    );
    expect(move).toBe(
      'Passar para Ana: reduz 2 h 11 min de atraso, chega às 14:17, ninguém mais se atrasa',
    );
    const share = suggestionSentence(
      suggestionOf(1, {
        kind: 'stalled',
        stopIds: [1, 2, 3],
        receiverIds: [8, 9],
        effect: { ...effect, otherStopsMadeLate: [9, 10], addedMinutes: 12 },
      }),
      wording,
      true,
      inPortuguese,
    );
    expect(share).toBe(
      'Dividir A-1 e B-2 entre Bruno e Cy: reduz 2 h 11 min de atraso, chega às 14:17, atrasa 2 outras paradas, acrescenta 12 min às rotas',
    );
  });
});

test('alternatives are counted in words', () => {
  expect([moreOptionsLabel(1, inEnglish), moreOptionsLabel(2, inEnglish)]).toEqual([
    '1 more option',
    '2 more options',
  ]);
  expect([moreOptionsLabel(1, inPortuguese), moreOptionsLabel(2, inPortuguese)]).toEqual([
    'mais 1 opção',
    'mais 2 opções',
  ]);
});

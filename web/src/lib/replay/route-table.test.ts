import { describe, expect, it } from 'vitest';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { minutesVsPlan, minutesVsPlanText, outOfOrder } from './route-table';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

const T0 = Date.UTC(2025, 0, 15, 9);

describe('minutesVsPlan', () => {
  it('measures the arrival against the planned one', () => {
    expect(minutesVsPlan({ plannedEta: T0, arrivedAt: T0 + 7 * 60_000 })).toBe(7);
    expect(minutesVsPlan({ plannedEta: T0, arrivedAt: T0 - 3 * 60_000 })).toBe(-3);
    expect(minutesVsPlan({ plannedEta: null, arrivedAt: T0 })).toBeNull();
    expect(minutesVsPlan({ plannedEta: T0, arrivedAt: null })).toBeNull();
  });

  it('reads as late, early or on plan', () => {
    expect(minutesVsPlanText(7, t)).toBe('7 min late');
    expect(minutesVsPlanText(-3, t)).toBe('3 min early');
    expect(minutesVsPlanText(0, t)).toBe('on plan');
    expect(minutesVsPlanText(null, t)).toBe('—');
  });

  it('reads in Portuguese too', () => {
    expect(minutesVsPlanText(7, pt)).toBe('7 min de atraso');
    expect(minutesVsPlanText(-3, pt)).toBe('3 min adiantada');
    expect(minutesVsPlanText(0, pt)).toBe('conforme o plano');
  });
});

describe('outOfOrder', () => {
  it('counts stops finished after one planned behind them', () => {
    expect(
      outOfOrder([
        { plannedSeq: 1, actualSeq: 1 },
        { plannedSeq: 2, actualSeq: 2 },
      ]),
    ).toBe(0);
    expect(
      outOfOrder([
        { plannedSeq: 1, actualSeq: 2 },
        { plannedSeq: 2, actualSeq: 1 },
        { plannedSeq: 3, actualSeq: 3 },
        { plannedSeq: 4, actualSeq: null },
      ]),
    ).toBe(1);
  });
});

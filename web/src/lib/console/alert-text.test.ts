import { describe, expect, it } from 'vitest';
import type { AlertView } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { clockTime } from '../ui/clock-time';
import { alertDetail, alertKindLabel, alertSubject } from './alert-text';

const inPortuguese = translator('pt-BR', ptBR, en);

const T = Date.UTC(2026, 10, 26, 14, 30);
const alert = (kind: AlertView['kind'], details: Record<string, unknown>): AlertView => ({
  id: 1,
  kind,
  severity: 'warning',
  courierId: 3,
  stopId: null,
  hubId: null,
  openedAt: T,
  acknowledgedAt: null,
  acknowledgedBy: null,
  escalatedAt: null,
  resolvedAt: null,
  details,
});

describe('alertDetail', () => {
  it('says how long a stalled courier has not moved and since when', () => {
    expect(alertDetail(alert('stalled', { from: T, to: T + 9 * 60_000, minutes: 9 }))).toBe(
      `Not moving for 9 min, since ${clockTime(T)}`,
    );
  });

  it('gives the predicted arrival against the window for a late risk', () => {
    const text = alertDetail(
      alert('late_risk', { predictedArrival: T + 12 * 60_000, windowEnd: T, minutesLate: 12 }),
    );
    expect(text).toBe(
      `Expected ${clockTime(T + 12 * 60_000)}, 12 min after the window ends (${clockTime(T)})`,
    );
  });

  it('says a late risk inside the safety margin is expected before the window ends', () => {
    const text = alertDetail(
      alert('late_risk', {
        predictedArrival: T - 6 * 60_000,
        windowEnd: T,
        minutesLate: -6,
        marginMinutes: 15,
      }),
    );
    expect(text).toBe(
      `Expected ${clockTime(T - 6 * 60_000)}, 6 min before the window ends (${clockTime(T)}): inside the safety margin`,
    );
  });

  it('names the SLA tier and its grace in a breach, never raw epoch numbers', () => {
    const text = alertDetail(
      alert('sla_breach', { slaTier: 'same_day', windowEnd: T, graceMinutes: 30, courierId: 3 }),
    );
    expect(text).toBe(`Same-day promise broken: over 30 min past the window (${clockTime(T)})`);
    expect(text).not.toMatch(/\d{10,}/);
  });

  it("reports a hub's on-time rate against its target", () => {
    expect(alertDetail(alert('hub_sla', { onTimeRate: 0.82, completions: 40, target: 0.95 }))).toBe(
      'On time 82% of 40 in the last hour; target 95%',
    );
  });

  it('speaks Brazilian Portuguese for a reader of it, times in the given clock', () => {
    const clock = (epochMs: number) => (epochMs === T ? '14:30' : '14:42');
    const risk = alert('late_risk', {
      predictedArrival: T + 12 * 60_000,
      windowEnd: T,
      minutesLate: 12,
    });
    expect(alertDetail(risk, clock, inPortuguese)).toBe(
      'Previsto às 14:42, 12 min depois do fim da janela (14:30)',
    );
    const breach = alert('sla_breach', { slaTier: 'express', windowEnd: T, graceMinutes: 0 });
    expect(alertDetail(breach, clock, inPortuguese)).toBe(
      'Prazo expresso descumprido: a janela terminou às 14:30',
    );
    expect(alertKindLabel('late_risk', inPortuguese)).toBe('Risco de atraso');
  });

  it('falls back to a message, then to a few plain values', () => {
    expect(alertDetail(alert('failed_attempt', { reason: 'nobody home' }))).toBe('nobody home');
    expect(alertDetail(alert('failed_attempt', { attempts: 2 }))).toBe('attempts: 2');
  });
});

describe('alertSubject', () => {
  const names = {
    courier: (id: number) => (id === 3 ? 'Ana' : 'a courier'),
    stop: () => 'order A-17',
    hub: () => 'Centro',
  };

  it('names the order, the courier and the hub, never their database ids', () => {
    const breach = { ...alert('sla_breach', {}), stopId: 1656, courierId: 3, hubId: 1 };
    expect(alertSubject(breach, names)).toBe('order A-17 · Ana · Centro');
  });

  it("finds the courier in the details when the alert's subject is the stop", () => {
    const late = { ...alert('late', { courierId: 3 }), courierId: null, stopId: 9 };
    expect(alertSubject(late, names)).toBe('order A-17 · Ana');
  });

  it('leaves ids out of the fallback values', () => {
    expect(alertDetail(alert('failed_attempt', { courierId: 93, attempts: 2 }))).toBe(
      'attempts: 2',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { AlertView } from '@dispatch/shared';
import { clockTime } from '../ui/clock-time';
import { alertDetail } from './alert-text';

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

  it('falls back to a message, then to a few plain values', () => {
    expect(alertDetail(alert('failed_attempt', { reason: 'nobody home' }))).toBe('nobody home');
    expect(alertDetail(alert('failed_attempt', { attempts: 2 }))).toBe('attempts: 2');
  });
});

import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS, StopVisitReportSchema, compileValidator } from '@dispatch/shared';
import { createRng } from '../lib/rng';
import { FAILED_ATTEMPT_SHARE, SIGNED_SHARE, simulatedVisit } from './visit-outcomes';

const report = compileValidator(StopVisitReportSchema, 'stop visit');

describe('simulated visit outcomes', () => {
  const rng = createRng(11);
  const visits = Array.from({ length: 20_000 }, () => simulatedVisit(rng));
  const failures = visits.flatMap((v) => (v.outcome === 'failed' ? [v] : []));
  const deliveries = visits.flatMap((v) => (v.outcome === 'delivered' ? [v] : []));

  it('fail about as often as the day’s share, mostly because nobody was home', () => {
    expect(failures.length / visits.length).toBeCloseTo(FAILED_ATTEMPT_SHARE, 2);
    const notHome = failures.filter((f) => f.reasonCode === 'not_home').length;
    expect(notHome / failures.length).toBeGreaterThan(0.5);
    expect(new Set(failures.map((f) => f.reasonCode))).toEqual(new Set(FAILURE_REASONS));
  });

  it('report every failure as a courier app would, with a note for `other`', () => {
    for (const f of failures) {
      const { outcome: _outcome, ...fields } = f;
      expect(report.parse({ stopId: 1, ...fields }).ok).toBe(true);
      expect(f.reasonCode === 'other').toBe(f.note !== undefined);
    }
  });

  it('name a recipient for every delivery and have a share of them signed', () => {
    expect(deliveries.every((d) => /^\S+ \S+$/.test(d.recipientName))).toBe(true);
    const signed = deliveries.filter((d) => d.signed).length / deliveries.length;
    expect(signed).toBeCloseTo(SIGNED_SHARE, 1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  AlertAckRequestSchema,
  PING_LIMITS,
  StopVisitReportSchema,
  SuggestionDecisionSchema,
  compileValidator,
  validatePingBatch,
} from './schemas';

const now = Date.UTC(2026, 10, 26, 12);
const ping = (over: Record<string, unknown> = {}) => ({
  seq: 1,
  t: now - 1000,
  lat: 52.5,
  lng: 13.4,
  ...over,
});

describe('validatePingBatch', () => {
  it('accepts a well-formed batch with optional fields', () => {
    const res = validatePingBatch(
      { pings: [ping({ acc: 5, spd: 3.2, hdg: 270, bat: 0.5 }), ping({ seq: 2 })] },
      now,
    );
    expect(res.ok).toBe(true);
  });

  it.each([
    ['NaN', ping({ lat: Number.NaN })],
    ['Infinity', ping({ lng: Number.POSITIVE_INFINITY })],
    ['latitude above 90', ping({ lat: 90.0001 })],
    ['longitude below -180', ping({ lng: -181 })],
    ['a string number', ping({ lat: '52' })],
    ['a negative sequence', ping({ seq: -1 })],
    ['a fractional time', ping({ t: 1.5 })],
    ['a missing time', { seq: 1, lat: 1, lng: 1 }],
    ['an unknown field', ping({ foo: 1 })],
    ['battery above 1', ping({ bat: 2 })],
    ['heading above 360', ping({ hdg: 361 })],
  ])('refuses %s as invalid, naming the field', (_name, bad) => {
    const res = validatePingBatch({ pings: [bad] }, now);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid');
      expect(res.error.details?.[0]?.path).toMatch(/^\/pings\/0/);
    }
  });

  it('allows a device clock up to 5 minutes ahead and refuses more', () => {
    expect(validatePingBatch({ pings: [ping({ t: now + PING_LIMITS.maxFutureMs })] }, now).ok).toBe(
      true,
    );
    const res = validatePingBatch({ pings: [ping({ t: now + PING_LIMITS.maxFutureMs + 1 })] }, now);
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses more than 500 pings and more than 64 KiB as too_large', () => {
    const many = Array.from({ length: 501 }, (_, i) => ping({ seq: i }));
    expect(validatePingBatch({ pings: many }, now)).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
    expect(validatePingBatch({ pings: [ping()] }, now, 64 * 1024 + 1)).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
    expect(validatePingBatch({ pings: many.slice(0, 500) }, now, 64 * 1024).ok).toBe(true);
  });

  it('refuses a batch that names a courier or device as forbidden', () => {
    expect(validatePingBatch({ courierId: 2, pings: [ping()] }, now)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(validatePingBatch({ deviceId: 'x', pings: [ping()] }, now)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses non-objects', () => {
    for (const bad of [null, 'x', 42, [], { pings: 'x' }])
      expect(validatePingBatch(bad, now).ok).toBe(false);
  });
});

describe('socket action payloads', () => {
  const visit = compileValidator(StopVisitReportSchema, 'stop visit');

  it('take a stop visit with an optional device time and reason', () => {
    expect(visit.parse({ stopId: 7 }).ok).toBe(true);
    expect(visit.parse({ stopId: 7, t: now, reason: 'nobody home' }).ok).toBe(true);
  });

  it('refuse a visit naming another courier, a blank reason or no stop', () => {
    expect(visit.parse({ stopId: 7, courierId: 2 }).ok).toBe(false);
    expect(visit.parse({ stopId: 7, reason: '' }).ok).toBe(false);
    expect(visit.parse({}).ok).toBe(false);
  });

  it('refuse alert and suggestion decisions without a positive id or with extra fields', () => {
    const ack = compileValidator(AlertAckRequestSchema, 'alert:ack');
    const decision = compileValidator(SuggestionDecisionSchema, 'suggestion decision');
    expect(ack.parse({ alertId: 3 }).ok).toBe(true);
    expect(ack.parse({ alertId: 0 }).ok).toBe(false);
    expect(decision.parse({ suggestionId: 3, force: true }).ok).toBe(false);
  });
});

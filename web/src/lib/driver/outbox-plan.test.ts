import { describe, expect, test } from 'vitest';
import { compileValidator, StopVisitReportSchema, type Ping } from '@dispatch/shared';
import {
  ackedPingIds,
  newActionId,
  nextStep,
  pingVerdict,
  reportWithUploads,
  retryDelayMs,
  summarize,
  visitVerdict,
  type OutboxEntry,
  type PingEntry,
  type UploadEntry,
  type VisitEntry,
} from './outbox-plan';

const ping = (id: number, seq = id): PingEntry => ({
  id,
  kind: 'ping',
  ping: { seq, t: 1_750_000_000_000 + seq, lat: -20.47, lng: -54.62 } satisfies Ping,
});
const upload = (id: number, ref: string, stopId = 5): UploadEntry => ({
  id,
  kind: 'upload',
  ref,
  stopId,
  photoKind: 'photo',
  blob: new Blob(['x']),
});
const visit = (id: number, stopId = 5, extra: Partial<VisitEntry> = {}): VisitEntry => ({
  id,
  kind: 'visit',
  event: 'stop:delivered',
  report: { stopId, actionId: `action-${id}-xyz`, t: 1 },
  photoRefs: [],
  signatureRef: null,
  ...extra,
});

describe('the order the outbox sends in', () => {
  test('an empty outbox sends nothing', () => {
    expect(nextStep([])).toBeNull();
  });

  test('fixes next to each other go in one batch, stopping at the first other entry', () => {
    const entries: OutboxEntry[] = [ping(1), ping(2), upload(3, 'a'), ping(4)];
    expect(nextStep(entries)).toEqual({ kind: 'pings', entries: [ping(1), ping(2)] });
  });

  test('entries go strictly oldest first, whatever order the store lists them in', () => {
    const entries: OutboxEntry[] = [visit(4), upload(3, 'b'), upload(2, 'a'), ping(5)];
    expect(nextStep(entries)).toEqual({ kind: 'upload', entry: upload(2, 'a') });
    expect(nextStep(entries.filter((e) => e.id !== 2))).toEqual({
      kind: 'upload',
      entry: upload(3, 'b'),
    });
    expect(nextStep([visit(4), ping(5)])).toEqual({ kind: 'visit', entry: visit(4) });
  });

  test('a batch holds at most the server’s number of fixes', () => {
    const entries = Array.from({ length: 12 }, (_, i) => ping(i + 1));
    const step = nextStep(entries, 5);
    expect(step?.kind === 'pings' && step.entries.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  test('a batch stays under the server’s size limit', () => {
    const entries = Array.from({ length: 500 }, (_, i) => ping(i + 1, 1_750_000_000 + i));
    const step = nextStep(entries);
    expect(step?.kind).toBe('pings');
    const pings = step?.kind === 'pings' ? step.entries.map((e) => e.ping) : [];
    expect(pings.length).toBeGreaterThan(100);
    expect(JSON.stringify({ pings }).length).toBeLessThan(64 * 1024);
  });
});

describe('acknowledged fixes', () => {
  test('an ack removes every fix up to its sequence number and no other entry', () => {
    const entries: OutboxEntry[] = [ping(1, 10), ping(2, 11), visit(3), ping(4, 12), ping(5, 13)];
    expect(ackedPingIds(entries, 12)).toEqual([1, 2, 4]);
    expect(ackedPingIds(entries, 9)).toEqual([]);
  });

  test('an answer with the durable sequence number prunes; no answer or a passing trouble retries', () => {
    expect(pingVerdict({ ok: true, upTo: 12, stored: 2, duplicates: 0 })).toEqual({
      kind: 'acked',
      upTo: 12,
    });
    expect(pingVerdict(undefined)).toEqual({ kind: 'retry' });
    expect(pingVerdict({ ok: false, error: { code: 'overloaded', message: 'busy' } })).toEqual({
      kind: 'retry',
    });
    expect(pingVerdict({ ok: false, error: { code: 'invalid', message: 'bad' } })).toEqual({
      kind: 'refused',
      error: { code: 'invalid', message: 'bad' },
    });
  });
});

describe('visits and their uploads', () => {
  const valid = compileValidator(StopVisitReportSchema, 'visit');

  test('a delivery names the ids the server gave its photos and signature', () => {
    const entry = visit(9, 5, {
      report: { stopId: 5, actionId: 'abcdefgh12', proof: { recipientName: 'Ana' } },
      photoRefs: ['p1', 'p2'],
      signatureRef: 's1',
    });
    const uploads = new Map([
      ['p1', { photoId: 31 }],
      ['p2', { photoId: 32 }],
      ['s1', { photoId: 33 }],
    ]);
    const result = reportWithUploads(entry, uploads);
    expect(result).toEqual({
      ok: true,
      report: {
        stopId: 5,
        actionId: 'abcdefgh12',
        proof: { recipientName: 'Ana', photoIds: [31, 32], signatureId: 33 },
      },
    });
    expect(result.ok && valid.check(result.report)).toBe(true);
  });

  test('a visit whose upload has not happened yet cannot be sent', () => {
    const entry = visit(9, 5, { photoRefs: ['p1'], signatureRef: 's1' });
    expect(reportWithUploads(entry, new Map([['p1', { photoId: 1 }]]))).toEqual({
      ok: false,
      missing: ['s1'],
    });
  });

  test('a visit whose photo was refused carries the refusal', () => {
    const entry = visit(9, 5, { photoRefs: ['p1'] });
    expect(reportWithUploads(entry, new Map([['p1', { refused: 'not an image' }]]))).toEqual({
      ok: false,
      refused: 'not an image',
    });
  });

  test('a visit without uploads is sent as recorded', () => {
    expect(reportWithUploads(visit(2), new Map())).toEqual({ ok: true, report: visit(2).report });
  });

  test('a refusal is final and shown; passing trouble or no answer is retried', () => {
    const wrongCode = { code: 'invalid' as const, message: 'the delivery code does not match' };
    expect(visitVerdict('stop:delivered', { ok: false, error: wrongCode })).toEqual({
      kind: 'refused',
      error: wrongCode,
    });
    expect(visitVerdict('stop:delivered', { ok: true })).toEqual({ kind: 'done' });
    expect(visitVerdict('stop:failed', undefined)).toEqual({ kind: 'retry' });
    expect(
      visitVerdict('stop:failed', { ok: false, error: { code: 'unavailable', message: '' } }),
    ).toEqual({ kind: 'retry' });
  });

  test('a stop already further along than "on the way" or "arrived" is not a refusal', () => {
    const conflict = {
      ok: false as const,
      error: { code: 'conflict' as const, message: 'arrived' },
    };
    expect(visitVerdict('stop:en_route', conflict)).toEqual({ kind: 'done' });
    expect(visitVerdict('stop:arrived', conflict)).toEqual({ kind: 'done' });
    expect(visitVerdict('stop:delivered', conflict).kind).toBe('refused');
  });

  test('a hand-in at the hub is final once answered; a hub that could not take it is retried', () => {
    const already = { code: 'conflict' as const, message: 'stop 8 is returned' };
    expect(visitVerdict('stop:returned', { ok: true })).toEqual({ kind: 'done' });
    expect(visitVerdict('stop:returned', { ok: false, error: already })).toEqual({
      kind: 'refused',
      error: already,
    });
    expect(
      visitVerdict('stop:returned', { ok: false, error: { code: 'unavailable', message: '' } }),
    ).toEqual({ kind: 'retry' });
    expect(visitVerdict('stop:returned', undefined)).toEqual({ kind: 'retry' });
  });
});

describe('the outbox at a glance', () => {
  test('counts each kind and names the stops with a visit still to send', () => {
    const summary = summarize([ping(1), ping(2), upload(3, 'a'), visit(4, 7), visit(5, 8)]);
    expect(summary).toMatchObject({ pings: 2, uploads: 1, visits: 2, statuses: 0 });
    expect([...summary.waitingStopIds]).toEqual([7, 8]);
  });
});

describe('retries and action ids', () => {
  test('waits grow from about a second to at most about 30 seconds', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, () => 0.5)).toBe(4000);
    expect(retryDelayMs(20, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(20, () => 1)).toBe(37_500);
  });

  test('action ids are random, url-safe and of a length the server accepts', () => {
    const a = newActionId();
    const b = newActionId();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newActionId(() => new Uint8Array(16).fill(255))).toBe('_____________________w');
  });
});

import { describe, expect, it } from 'vitest';
import {
  auditWebhooks,
  backlogAt,
  decimalEventId,
  deliveryDelays,
  type OutboxRow,
  type Receipt,
} from './webhook-audit';

const row = (id: number, stopId: number, atMs: number): OutboxRow => ({
  id,
  stopId,
  type: 'stop.created',
  atMs,
});

const receipt = (id: number | string, stopId: number, at: number, answerMs = 0): Receipt => ({
  webhookId: String(id),
  stopId,
  type: 'stop.created',
  receivedAtMs: at,
  answeredAtMs: at + answerMs,
  signatureOk: true,
});

describe('auditWebhooks', () => {
  it('counts every outbox row answered once as received, none missing', () => {
    const rows = [row(1, 10, 0), row(2, 10, 5)];
    const audit = auditWebhooks(rows, [receipt(1, 10, 100), receipt(2, 10, 110)]);
    expect(audit).toMatchObject({ expected: 2, received: 2, missing: 0, duplicates: 0 });
  });

  it('counts rows never answered as missing', () => {
    const audit = auditWebhooks([row(1, 10, 0), row(2, 10, 5)], [receipt(1, 10, 100)]);
    expect(audit.missing).toBe(1);
  });

  it('counts repeated answers of one event as duplicates and keeps the first', () => {
    const audit = auditWebhooks([row(1, 10, 0)], [receipt(1, 10, 100), receipt(1, 10, 900)]);
    expect(audit.duplicates).toBe(1);
    expect(audit.received).toBe(1);
    expect(audit.firstAnswerMs.get(1)).toBe(100);
  });

  it('counts receipts for events outside the rows apart', () => {
    const audit = auditWebhooks([row(1, 10, 0)], [receipt(1, 10, 100), receipt(7, 99, 120)]);
    expect(audit.unexpected).toBe(1);
    expect(audit.received).toBe(1);
  });

  it('counts receipts whose signature did not verify', () => {
    const bad = { ...receipt(1, 10, 100), signatureOk: false };
    expect(auditWebhooks([row(1, 10, 0)], [bad]).badSignatures).toBe(1);
  });

  it('flags a stop whose later event arrived before an earlier one', () => {
    const rows = [row(1, 10, 0), row(2, 10, 5), row(3, 20, 0), row(4, 20, 5)];
    const audit = auditWebhooks(rows, [
      receipt(2, 10, 100),
      receipt(1, 10, 200),
      receipt(3, 20, 100),
      receipt(4, 20, 200),
    ]);
    expect(audit).toMatchObject({ stops: 2, stopsOutOfOrder: 1, eventsOutOfOrder: 1 });
  });

  it('judges order by first arrival, so a late duplicate does not count as disorder', () => {
    const rows = [row(1, 10, 0), row(2, 10, 5)];
    const audit = auditWebhooks(rows, [
      receipt(1, 10, 100),
      receipt(2, 10, 200),
      receipt(1, 10, 300),
    ]);
    expect(audit.stopsOutOfOrder).toBe(0);
  });
});

describe('decimalEventId', () => {
  it('reads a bare decimal id and one behind a prefix', () => {
    expect(decimalEventId('42')).toBe(42);
    expect(decimalEventId('evt_42')).toBe(42);
  });

  it('gives NaN for an id that names no outbox row', () => {
    expect(decimalEventId('abc')).toBeNaN();
  });
});

describe('deliveryDelays', () => {
  it('gives change → first answer for the rows picked, ascending', () => {
    const rows = [row(1, 10, 0), row(2, 10, 1000), row(3, 10, 2000)];
    const audit = auditWebhooks(rows, [
      receipt(1, 10, 300, 50),
      receipt(2, 10, 1100, 50),
      receipt(3, 10, 2900, 50),
    ]);
    expect(deliveryDelays(rows, audit)).toEqual([150, 350, 950]);
    expect(deliveryDelays(rows, audit, (r) => r.atMs >= 1000)).toEqual([150, 950]);
  });
});

describe('backlogAt', () => {
  const rows = [row(1, 10, 0), row(2, 10, 1000), row(3, 10, 2000), row(4, 10, 6000)];

  it('measures from the return to the last waiting event answered', () => {
    const audit = auditWebhooks(rows, [
      receipt(1, 10, 500),
      receipt(2, 10, 5200),
      receipt(3, 10, 5900),
      receipt(4, 10, 6100),
    ]);
    expect(backlogAt(rows, audit, 5000)).toEqual({ events: 2, undelivered: 0, drainMs: 900 });
  });

  it('has no drain time while a waiting event is still undelivered', () => {
    const audit = auditWebhooks(rows, [receipt(1, 10, 500), receipt(2, 10, 5200)]);
    const backlog = backlogAt(rows, audit, 5000);
    expect(backlog).toMatchObject({ events: 2, undelivered: 1 });
    expect(backlog.drainMs).toBeNaN();
  });
});

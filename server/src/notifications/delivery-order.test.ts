import { describe, expect, it } from 'vitest';
import { dueInOrder, type QueuedDelivery } from './delivery-order';

const NOW = 1_000_000;
let nextId = 1;

function delivery(overrides: Partial<QueuedDelivery> = {}): QueuedDelivery {
  return {
    id: nextId++,
    eventId: 1,
    stopId: 1,
    channel: 'webhook',
    recipient: 'https://a.example',
    status: 'pending',
    nextAttemptAt: NOW - 1,
    ...overrides,
  };
}

const ids = (rows: QueuedDelivery[]) => rows.map((d) => d.id);

describe('dueInOrder', () => {
  it("holds a stop's later event back while an earlier one to the same receiver is pending", () => {
    const first = delivery({ eventId: 1, nextAttemptAt: NOW + 60_000 }); // being retried later
    const second = delivery({ eventId: 2 });
    expect(dueInOrder([first, second], { now: NOW, limit: 10 })).toEqual([]);
  });

  it('lets the later event go once the earlier one was sent or dead-lettered', () => {
    for (const status of ['sent', 'dead', 'logged']) {
      const first = delivery({ eventId: 1, status });
      const second = delivery({ eventId: 2 });
      expect(ids(dueInOrder([first, second], { now: NOW, limit: 10 }))).toEqual([second.id]);
    }
  });

  it('does not hold back other receivers or other stops', () => {
    const stuck = delivery({ eventId: 1, nextAttemptAt: NOW + 60_000 });
    const otherReceiver = delivery({ eventId: 2, recipient: 'https://b.example' });
    const otherChannel = delivery({ eventId: 2, channel: 'email', recipient: 'https://a.example' });
    const otherStop = delivery({ eventId: 3, stopId: 2 });
    expect(
      ids(dueInOrder([stuck, otherReceiver, otherChannel, otherStop], { now: NOW, limit: 10 })),
    ).toEqual([otherReceiver.id, otherChannel.id, otherStop.id]);
  });

  it('takes the most overdue first, at most the limit, and none in flight', () => {
    const a = delivery({ stopId: 1, nextAttemptAt: NOW - 10 });
    const b = delivery({ stopId: 2, nextAttemptAt: NOW - 30 });
    const c = delivery({ stopId: 3, nextAttemptAt: NOW - 20 });
    expect(ids(dueInOrder([a, b, c], { now: NOW, limit: 2 }))).toEqual([b.id, c.id]);
    expect(ids(dueInOrder([a, b, c], { now: NOW, limit: 5, inFlight: new Set([b.id]) }))).toEqual([
      c.id,
      a.id,
    ]);
  });

  it('holds back events after one of the stop not yet fanned out', () => {
    const later = delivery({ eventId: 9, stopId: 4 });
    expect(dueInOrder([later], { now: NOW, limit: 5, unfannedFrom: new Map([[4, 8]]) })).toEqual(
      [],
    );
    expect(
      ids(dueInOrder([later], { now: NOW, limit: 5, unfannedFrom: new Map([[4, 10]]) })),
    ).toEqual([later.id]);
  });

  it('takes nothing not yet due', () => {
    expect(dueInOrder([delivery({ nextAttemptAt: NOW + 1 })], { now: NOW, limit: 5 })).toEqual([]);
  });
});

import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Ack, CourierClientToServer, StopVisitReport } from '@dispatch/shared';
import { ApiError } from '../api';
import type { AckChannel, AckOf, PayloadOf } from './courier-socket';
import type { LocalVisit } from './day-stops';
import type { NewOutboxEntry, OutboxEntry, UploadOutcome } from './outbox-plan';
import { OutboxSender, type OutboxSenderDeps } from './outbox-sender';

/** The outbox's store, in memory. */
class MemoryStore {
  entries_: OutboxEntry[] = [];
  uploaded = new Map<string, UploadOutcome>();
  visits: LocalVisit[] = [];
  private next = 1;

  add(...entries: NewOutboxEntry[]) {
    for (const e of entries) this.entries_.push({ ...e, id: this.next++ } as OutboxEntry);
  }
  async entries() {
    return [...this.entries_];
  }
  async remove(ids: readonly number[]) {
    this.entries_ = this.entries_.filter((e) => !ids.includes(e.id));
  }
  async uploadDone(id: number, ref: string, outcome: UploadOutcome) {
    this.uploaded.set(ref, outcome);
    await this.remove([id]);
  }
  async uploads() {
    return new Map(this.uploaded);
  }
  async visitDone(id: number, refs: readonly string[], visit: LocalVisit | null) {
    for (const ref of refs) this.uploaded.delete(ref);
    if (visit) this.visits.push(visit);
    await this.remove([id]);
  }
}

type Sent = { event: string; payload: unknown };

/** A socket that records what was sent and answers with `answer`. */
function channel(
  answer: (event: string, payload: unknown) => unknown,
): AckChannel & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    connected: true,
    sent,
    async request<E extends keyof CourierClientToServer>(event: E, payload: PayloadOf<E>) {
      sent.push({ event, payload });
      return answer(event, payload) as AckOf<E> | undefined;
    },
  };
}

const fix = (seq: number) => ({ seq, t: 1_750_000_000_000 + seq, lat: -20.47, lng: -54.62 });
const ping = (seq: number): NewOutboxEntry => ({ kind: 'ping', ping: fix(seq) });
const report = (stopId: number): StopVisitReport => ({ stopId, actionId: `action-${stopId}-0` });
const okPings = (_: string, payload: unknown) => {
  const pings = (payload as { pings: { seq: number }[] }).pings;
  return { ok: true, upTo: pings[pings.length - 1]!.seq, stored: pings.length, duplicates: 0 };
};

function sender(store: MemoryStore, socket: AckChannel, extra: Partial<OutboxSenderDeps> = {}) {
  const changed = vi.fn();
  const instance = new OutboxSender({
    store,
    socket,
    upload: vi.fn(async () => ({ photoId: 41, kind: 'photo' as const, bytes: 3 })),
    visitAfter: () => null,
    unauthorized: vi.fn(),
    changed,
    ...extra,
  });
  return { instance, changed, drained: () => vi.waitFor(() => expect(store.entries_).toEqual([])) };
}

afterEach(() => vi.useRealTimers());

describe('sending the outbox', () => {
  test('sends fixes, photos and a visit strictly in the order they were recorded', async () => {
    const store = new MemoryStore();
    store.add(
      ping(1),
      ping(2),
      { kind: 'upload', ref: 'p1', stopId: 7, photoKind: 'photo', blob: new Blob(['a']) },
      {
        kind: 'visit',
        event: 'stop:delivered',
        report: report(7),
        photoRefs: ['p1'],
        signatureRef: null,
      },
      ping(3),
    );
    const order: string[] = [];
    const socket = channel((event, payload) => {
      order.push(event);
      return event === 'pings' ? okPings(event, payload) : { ok: true };
    });
    const upload = vi.fn(async () => {
      order.push('upload');
      return { photoId: 41, kind: 'photo' as const, bytes: 1 };
    });
    const { instance, drained } = sender(store, socket, { upload });
    instance.kick();
    await drained();
    expect(order).toEqual(['pings', 'upload', 'stop:delivered', 'pings']);
    expect(socket.sent[0]!.payload).toEqual({ pings: [fix(1), fix(2)] });
    expect(socket.sent[1]!.payload).toEqual({ ...report(7), proof: { photoIds: [41] } });
  });

  test('a visit the server refuses is removed and reported as refused, with its words', async () => {
    const store = new MemoryStore();
    store.add({
      kind: 'visit',
      event: 'stop:delivered',
      report: report(7),
      photoRefs: [],
      signatureRef: null,
    });
    const refusal: Ack = {
      ok: false,
      error: { code: 'invalid', message: 'the delivery code does not match' },
    };
    const visitAfter = vi.fn(() => null);
    const { instance, drained } = sender(
      store,
      channel(() => refusal),
      { visitAfter },
    );
    instance.kick();
    await drained();
    expect(visitAfter).toHaveBeenCalledWith(expect.objectContaining({ report: report(7) }), {
      kind: 'refused',
      error: refusal.error,
    });
  });

  test('a hand-in at the hub goes out as stop:returned with its stop, time and action id only', async () => {
    const store = new MemoryStore();
    const checkIn = { stopId: 8, t: 1_750_000_000_000, actionId: 'action-8-0' };
    store.add({
      kind: 'visit',
      event: 'stop:returned',
      report: checkIn,
      photoRefs: [],
      signatureRef: null,
    });
    const visitAfter = vi.fn(() => null);
    const socket = channel(() => ({ ok: true }));
    const { instance, drained } = sender(store, socket, { visitAfter });
    instance.kick();
    await drained();
    expect(socket.sent).toEqual([{ event: 'stop:returned', payload: checkIn }]);
    expect(visitAfter).toHaveBeenCalledWith(expect.objectContaining({ report: checkIn }), {
      kind: 'done',
    });
  });

  test('no answer keeps everything and tries again later, from the same entry', async () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    store.add(ping(1), ping(2));
    let answering = false;
    const socket = channel((event, payload) => (answering ? okPings(event, payload) : undefined));
    const { instance } = sender(store, socket);
    instance.kick();
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
    expect(store.entries_).toHaveLength(2);
    answering = true;
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(store.entries_).toEqual([]));
    expect(socket.sent.map((s) => s.payload)).toEqual([
      socket.sent[0]!.payload,
      socket.sent[0]!.payload,
    ]);
  });

  test('an ack removes only the fixes up to the sequence number it names', async () => {
    const store = new MemoryStore();
    store.add(ping(1), ping(2), ping(3));
    let first = true;
    const socket = channel((event, payload) => {
      if (!first) return okPings(event, payload);
      first = false;
      return { ok: true, upTo: 2, stored: 2, duplicates: 0 };
    });
    const { instance, drained } = sender(store, socket);
    instance.kick();
    await drained();
    expect(
      socket.sent.map((s) => (s.payload as { pings: { seq: number }[] }).pings.map((p) => p.seq)),
    ).toEqual([[1, 2, 3], [3]]);
  });

  test('a photo refused for good is not sent again, and its visit is refused with the reason', async () => {
    const store = new MemoryStore();
    store.add(
      { kind: 'upload', ref: 'p1', stopId: 7, photoKind: 'photo', blob: new Blob(['a']) },
      {
        kind: 'visit',
        event: 'stop:failed',
        report: report(7),
        photoRefs: ['p1'],
        signatureRef: null,
      },
    );
    const upload = vi.fn(async () => {
      throw new ApiError('invalid', 'the file is not an image', 400);
    });
    const visitAfter = vi.fn(() => null);
    const socket = channel(() => ({ ok: true }));
    const { instance, drained } = sender(store, socket, { upload, visitAfter });
    instance.kick();
    await drained();
    expect(upload).toHaveBeenCalledTimes(1);
    expect(socket.sent).toEqual([]);
    expect(visitAfter).toHaveBeenCalledWith(expect.anything(), {
      kind: 'refused',
      error: { code: 'invalid', message: 'the file is not an image' },
    });
  });

  test('a refused device token stops the outbox and signs the phone out', async () => {
    const store = new MemoryStore();
    store.add({ kind: 'upload', ref: 'p1', stopId: 7, photoKind: 'photo', blob: new Blob(['a']) });
    const unauthorized = vi.fn();
    const upload = vi.fn(async () => {
      throw new ApiError('unauthorized', 'the device token is wrong or revoked', 401);
    });
    const { instance } = sender(
      store,
      channel(() => ({ ok: true })),
      { upload, unauthorized },
    );
    instance.kick();
    await vi.waitFor(() =>
      expect(unauthorized).toHaveBeenCalledWith('the device token is wrong or revoked'),
    );
    expect(store.entries_).toHaveLength(1);
  });

  test('nothing is sent while the socket is down; once it is back, everything is sent once', async () => {
    const store = new MemoryStore();
    store.add(ping(1));
    const socket = channel(okPings);
    const down = Object.assign(socket, { connected: false });
    const { instance, drained } = sender(store, down);
    instance.kick();
    expect(socket.sent).toEqual([]);
    down.connected = true;
    instance.resume();
    await drained();
    expect(socket.sent).toHaveLength(1);
  });
});

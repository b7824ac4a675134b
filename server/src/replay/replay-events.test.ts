import { describe, expect, it } from 'vitest';
import { replayEvents, type StoredEvent } from './replay-events';

const T0 = Date.UTC(2025, 0, 15, 8);
const ANA = 1;
const BEN = 2;

function stored(kind: string, overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    at: T0,
    kind,
    actorType: 'system',
    actorId: null,
    subjectType: kind.split('.')[0] === 'route' ? 'courier' : kind.split('.')[0]!,
    subjectId: 10,
    data: {},
    alertKind: null,
    alertCourierId: null,
    alertStopId: null,
    fromCourierId: null,
    toCourierId: null,
    suggestionStopIds: null,
    explanation: null,
    ...overrides,
  };
}

const planOf = (at: number, courierId: number, stops: number[]): StoredEvent[] => [
  ...stops.map((id) =>
    stored('stop.reassigned', {
      at,
      subjectId: id,
      data: { from: null, to: courierId, reason: 'plan' },
    }),
  ),
  stored('route.changed', { at, subjectId: courierId, data: { reason: 'plan' } }),
];

describe('replayEvents', () => {
  it('lists a visit by its courier at the reported time, with the failure reason', () => {
    const [event] = replayEvents(
      [
        stored('stop.failed', {
          actorType: 'courier',
          actorId: ANA,
          data: { at: T0 - 5000, reason: 'nobody home' },
        }),
      ],
      null,
    );
    expect(event).toEqual({
      at: T0 - 5000,
      kind: 'stop.failed',
      courierId: ANA,
      stopId: 10,
      subjectId: null,
      otherCourierId: null,
      note: 'nobody home',
    });
  });

  it('lists a plan once with its size, and a move by hand with both couriers', () => {
    const events = replayEvents(
      [
        ...planOf(T0, ANA, [10, 11]),
        ...planOf(T0, BEN, [12]),
        stored('stop.reassigned', {
          at: T0 + 1000,
          subjectId: 11,
          data: { from: ANA, to: BEN, reason: 'manual' },
        }),
      ],
      null,
    );
    expect(events.map((e) => [e.kind, e.courierId, e.note])).toEqual([
      ['route.planned', null, '3 stops onto 2 couriers'],
      ['stop.moved', BEN, 'by hand'],
    ]);
    expect(events[1]).toMatchObject({ otherCourierId: ANA, stopId: 11 });
  });

  it('names alerts and suggestions by their courier, stop and kind', () => {
    const events = replayEvents(
      [
        stored('alert.opened', { subjectId: 7, alertKind: 'stalled', alertCourierId: ANA }),
        stored('suggestion.accepted', {
          at: T0 + 1,
          subjectId: 8,
          fromCourierId: ANA,
          toCourierId: BEN,
          suggestionStopIds: [11],
          explanation: 'Move #11 from Ana to Ben',
        }),
      ],
      null,
    );
    expect(events[0]).toMatchObject({
      kind: 'alert.opened',
      courierId: ANA,
      subjectId: 7,
      note: 'stalled',
    });
    expect(events[1]).toMatchObject({
      kind: 'suggestion.accepted',
      courierId: BEN,
      otherCourierId: ANA,
      stopId: 11,
      note: 'Move #11 from Ana to Ben',
    });
  });

  it('keeps only what concerns one courier, and leaves re-ordering moves out', () => {
    const events = replayEvents(
      [
        ...planOf(T0, ANA, [10]),
        ...planOf(T0, BEN, [12, 13]),
        stored('stop.delivered', { at: T0 + 5, actorType: 'courier', actorId: BEN, subjectId: 12 }),
        stored('alert.opened', { at: T0 + 6, alertKind: 'offline', alertCourierId: ANA }),
        stored('stop.reassigned', {
          at: T0 + 7,
          data: { from: ANA, to: ANA, reason: 'resequence' },
        }),
        stored('route.changed', { at: T0 + 7, subjectId: ANA, data: { reason: 'resequence' } }),
      ],
      ANA,
    );
    expect(events.map((e) => [e.kind, e.courierId, e.note])).toEqual([
      ['route.planned', ANA, '1 stop'],
      ['alert.opened', ANA, 'offline'],
      ['route.resequenced', ANA, ''],
    ]);
  });
});

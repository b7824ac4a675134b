import { describe, expect, it } from 'vitest';
import {
  changesRoute,
  compareOpen,
  jsonDifferences,
  replacedByLoad,
  type TrailEvent,
} from './chaos-checks';

const KILLED_AT = 1_000_000;

function event(over: Partial<TrailEvent> & Pick<TrailEvent, 'kind' | 'at'>): TrailEvent {
  return {
    subject: { type: 'stop', id: 61, label: null, detail: null },
    actor: { type: 'courier', id: 6, name: null },
    data: {},
    ...over,
  };
}

describe('the carry-over check', () => {
  it('flags a situation open before and after as a new object, and one open twice', () => {
    const key = (a: { id: number; stopId: number }) => `late_risk stop ${a.stopId}`;
    const before = [
      { id: 1, stopId: 10 },
      { id: 2, stopId: 11 },
      { id: 3, stopId: 12 },
    ];
    const after = [
      { id: 1, stopId: 10 },
      { id: 7, stopId: 11 },
      { id: 8, stopId: 13 },
      { id: 9, stopId: 13 },
    ];
    const carried = compareOpen('alert', before, after, key);
    expect(carried.kept).toBe(1);
    expect(carried.closed).toBe(2);
    expect(carried.problems).toEqual([
      'alert late_risk stop 13 open 2 times: 8,9',
      'alert late_risk stop 11 was 2, is now 7',
    ]);
  });

  it("counts the courier's reports on any of its stops, moves and route versions as route changes", () => {
    expect(changesRoute(event({ kind: 'stop.arrived', at: 0 }), 6, 69)).toBe(true);
    expect(
      changesRoute(
        event({ kind: 'stop.arrived', at: 0, actor: { type: 'courier', id: 7, name: null } }),
        6,
        69,
      ),
    ).toBe(false);
    const byUser = { type: 'user', id: 1, name: null };
    expect(
      changesRoute(
        event({ kind: 'stop.reassigned', at: 0, actor: byUser, data: { from: 6, to: 9 } }),
        6,
        69,
      ),
    ).toBe(true);
    expect(
      changesRoute(
        event({ kind: 'stop.reassigned', at: 0, actor: byUser, data: { from: 3, to: 6 } }),
        6,
        69,
      ),
    ).toBe(true);
    expect(
      changesRoute(
        event({ kind: 'stop.reassigned', at: 0, actor: byUser, data: { from: 3, to: 9 } }),
        6,
        69,
      ),
    ).toBe(false);
    expect(
      changesRoute(
        event({
          kind: 'stop.updated',
          at: 0,
          actor: byUser,
          subject: { type: 'stop', id: 69, label: null, detail: null },
        }),
        6,
        69,
      ),
    ).toBe(true);
    const route = (id: number) =>
      event({
        kind: 'route.changed',
        at: 0,
        actor: byUser,
        subject: { type: 'courier', id, label: null, detail: null },
      });
    expect(changesRoute(route(6), 6, 69)).toBe(true);
    expect(changesRoute(route(5), 6, 69)).toBe(false);
    // An alert's own events are not changes of its situation.
    const alertEvent = event({
      kind: 'alert.resolved',
      at: 0,
      actor: { type: 'system', id: null, name: null },
      subject: { type: 'alert', id: 48, label: null, detail: null },
    });
    expect(changesRoute(alertEvent, 6, 69)).toBe(false);
  });

  it('puts a replacement down to the load only after a route change between the kill and the old resolution', () => {
    // The run that showed it: the phone reported arriving at the first stop 1.5 s after the
    // restart, and the late risk three stops behind resolved 0.8 s later.
    const resolved = { resolvedAt: KILLED_AT + 9_300 };
    expect(replacedByLoad(resolved, [KILLED_AT + 8_500], KILLED_AT)).toBe(true);
    // A change before the kill was the live server's to judge; one after the resolution came too late.
    expect(replacedByLoad(resolved, [KILLED_AT - 500, KILLED_AT + 9_301], KILLED_AT)).toBe(false);
    expect(replacedByLoad(resolved, [], KILLED_AT)).toBe(false);
    expect(replacedByLoad({ resolvedAt: null }, [KILLED_AT + 1], KILLED_AT)).toBe(false);
  });
});

describe('jsonDifferences', () => {
  it('names the paths whose numbers differ beyond the tolerance, and what only one side has', () => {
    const live = { entries: [{ cell: 'a', pace: 0.5, samples: 10 }], pace: { c1: 1.06 } };
    const again = {
      entries: [{ cell: 'a', pace: 0.5000001, samples: 10 }],
      pace: { c1: 1.41, c2: 1 },
    };
    expect(jsonDifferences(live, live, 0)).toEqual([]);
    expect(jsonDifferences(live, again, 1e-6)).toEqual([
      '.pace.c1: 1.06 against 1.41',
      '.pace.c2: only in the second',
    ]);
    expect(jsonDifferences(live, again, 0)).toContain('.entries[0].pace: 0.5 against 0.5000001');
    expect(jsonDifferences({ list: [1, 2] }, { list: [1] }, 0)).toEqual([
      '.list: 2 items against 1',
    ]);
    expect(jsonDifferences({ v: 'bike' }, { v: 'car' }, 0)).toEqual(['.v: "bike" against "car"']);
  });
});

import { describe, expect, test } from 'vitest';
import type { RoutePayload, RouteStop } from '@dispatch/shared';
import { dayStops, finishedHere, parcelLabel, routeNotices, type LocalVisit } from './day-stops';

const stop = (id: number, seq: number, extra: Partial<RouteStop> = {}): RouteStop => ({
  id,
  seq,
  kind: 'delivery',
  status: 'assigned',
  lat: -20.47,
  lng: -54.62,
  address: `Rua ${id}`,
  orderRef: `A-${id}`,
  windowStart: 0,
  windowEnd: 1,
  serviceSeconds: 120,
  eta: null,
  ...extra,
});
const route = (version: number, stops: RouteStop[]): RoutePayload => ({
  courierId: 3,
  version,
  stops,
});
const visit = (s: RouteStop, extra: Partial<LocalVisit> = {}): LocalVisit => ({
  stopId: s.id,
  event: 'stop:delivered',
  actionId: `act-${s.id}-000`,
  at: 1000 + s.id,
  state: 'waiting',
  stop: s,
  ...extra,
});
const wrongCode = { code: 'invalid' as const, message: 'the delivery code does not match' };
const ids = (list: { stop: RouteStop }[]) => list.map((d) => d.stop.id);

describe('the day as the phone shows it', () => {
  test('open stops in route order', () => {
    const day = dayStops(route(1, [stop(2, 2), stop(1, 1)]), new Map());
    expect(ids(day.open)).toEqual([1, 2]);
    expect(day.done).toEqual([]);
  });

  test('a delivery recorded offline shows as delivered and waiting to send', () => {
    const s = stop(1, 1);
    const day = dayStops(route(1, [s, stop(2, 2)]), new Map([[1, visit(s)]]));
    expect(ids(day.open)).toEqual([2]);
    expect(day.done).toEqual([{ stop: s, status: 'delivered', waiting: true, refusal: null }]);
  });

  test('an arrival recorded here shows as arrived on the open list', () => {
    const s = stop(1, 1);
    const day = dayStops(route(1, [s]), new Map([[1, visit(s, { event: 'stop:arrived' })]]));
    expect(day.open[0]).toMatchObject({ status: 'arrived', waiting: true });
  });

  test('a delivery the server took stays listed as done once it left the route', () => {
    const s = stop(1, 1);
    const visits = new Map([[1, visit(s, { state: 'sent', ackedRouteVersion: 4 })]]);
    const day = dayStops(route(5, [stop(2, 2)]), visits);
    expect(day.done).toEqual([{ stop: s, status: 'delivered', waiting: false, refusal: null }]);
  });

  test('a refused delivery puts the stop back as the server has it, with its words', () => {
    const s = stop(1, 1);
    const visits = new Map([[1, visit(s, { state: 'refused', error: wrongCode })]]);
    const day = dayStops(route(2, [s]), visits);
    expect(day.open).toEqual([{ stop: s, status: 'assigned', waiting: false, refusal: wrongCode }]);
  });

  test('a failed attempt put back on the route by a newer route is open again', () => {
    const s = stop(1, 1);
    const visits = new Map([
      [1, visit(s, { event: 'stop:failed', state: 'sent', ackedRouteVersion: 3 })],
    ]);
    expect(dayStops(route(3, [s]), visits).done[0]?.status).toBe('failed');
    expect(dayStops(route(4, [s]), visits).open[0]?.status).toBe('assigned');
  });

  test('finished stops are listed latest first', () => {
    const a = stop(1, 1);
    const b = stop(2, 2);
    const visits = new Map([
      [1, visit(a, { at: 10 })],
      [2, visit(b, { at: 20, event: 'stop:failed' })],
    ]);
    expect(ids(dayStops(route(1, []), visits).done)).toEqual([2, 1]);
  });
});

describe('parcels going back to the hub', () => {
  const back = (id: number, seq: number) =>
    stop(id, seq, {
      status: 'returning',
      address: 'Hub Centro',
      customerName: `Customer ${id}`,
      parcels: 1,
      eta: null,
    });

  test('are listed after the stops still to do, in route order, apart from both other lists', () => {
    const day = dayStops(route(1, [back(9, 4), stop(1, 1), back(8, 3), stop(2, 2)]), new Map());
    expect(ids(day.open)).toEqual([1, 2]);
    expect(ids(day.back)).toEqual([8, 9]);
    expect(day.done).toEqual([]);
  });

  test('a parcel handed in here shows as back at the hub, waiting to send', () => {
    const s = back(8, 3);
    const visits = new Map([[8, visit(s, { event: 'stop:returned' })]]);
    const day = dayStops(route(1, [s]), visits);
    expect(day.back).toEqual([]);
    expect(day.done).toEqual([{ stop: s, status: 'returned', waiting: true, refusal: null }]);
  });

  test('the failed attempt recorded here gives way to the parcel going back, whichever came first', () => {
    const failedHere = stop(8, 1, { status: 'assigned' });
    const ackedAfterRoute = visit(failedHere, {
      event: 'stop:failed',
      state: 'sent',
      ackedRouteVersion: 6,
    });
    const waiting = visit(failedHere, { event: 'stop:failed' });
    for (const v of [ackedAfterRoute, waiting]) {
      const day = dayStops(route(6, [back(8, 3)]), new Map([[8, v]]));
      expect(day.back).toEqual([
        { stop: back(8, 3), status: 'returning', waiting: false, refusal: null },
      ]);
      expect(day.done).toEqual([]);
    }
  });

  test('a refused hand-in leaves the parcel to hand in, with the server’s words', () => {
    const s = back(8, 3);
    const notYours = { code: 'forbidden' as const, message: 'stop 8 is not with this courier' };
    const visits = new Map([
      [8, visit(s, { event: 'stop:returned', state: 'refused', error: notYours })],
    ]);
    expect(dayStops(route(2, [s]), visits).back).toEqual([
      { stop: s, status: 'returning', waiting: false, refusal: notYours },
    ]);
  });

  test('a parcel handed in stays listed as back at the hub once it left the route', () => {
    const s = back(8, 3);
    const visits = new Map([
      [8, visit(s, { event: 'stop:returned', state: 'sent', ackedRouteVersion: 7 })],
    ]);
    const day = dayStops(route(8, []), visits);
    expect(day.done).toEqual([{ stop: s, status: 'returned', waiting: false, refusal: null }]);
  });

  test('name the parcel by its order reference and customer, as far as they are known', () => {
    expect(parcelLabel({ orderRef: 'A-8', customerName: 'Ana Souza' })).toBe('A-8 · Ana Souza');
    expect(parcelLabel({ orderRef: 'A-8', customerName: null })).toBe('A-8');
    expect(parcelLabel({ orderRef: null })).toBe('');
  });
});

describe('route changes worth a notice', () => {
  test('a stop added or taken off is announced by its order reference', () => {
    const before = route(1, [stop(1, 1), stop(2, 2)]);
    const after = route(2, [
      stop(2, 1),
      stop(3, 2, { orderRef: null, address: 'Av. Afonso Pena 10' }),
    ]);
    expect(routeNotices(before, after, new Set())).toEqual([
      { kind: 'added', stopId: 3, label: 'Av. Afonso Pena 10' },
      { kind: 'removed', stopId: 1, label: 'A-1' },
    ]);
  });

  test('a stop finished here leaves the route without a notice', () => {
    const before = route(1, [stop(1, 1), stop(2, 2)]);
    expect(routeNotices(before, route(2, [stop(2, 1)]), new Set([1]))).toEqual([]);
  });

  test('a parcel not delivered here coming back onto the route to go to the hub is not announced', () => {
    const before = route(1, [stop(2, 1)]);
    const after = route(2, [stop(2, 1), stop(1, 2, { status: 'returning' })]);
    expect(routeNotices(before, after, new Set([1]))).toEqual([]);
    expect(routeNotices(before, after, new Set())).toEqual([
      { kind: 'added', stopId: 1, label: 'A-1' },
    ]);
  });

  test('new or changed customer instructions on a stop already on the route are announced', () => {
    const doorCode = { kind: 'door_code' as const, text: '4412' };
    const before = route(1, [stop(1, 1), stop(2, 2, { instructions: doorCode })]);
    const after = route(2, [
      stop(1, 1, { instructions: { kind: 'safe_place', text: 'behind the gate' } }),
      stop(2, 2, { instructions: { ...doorCode, text: '4413' } }),
    ]);
    expect(routeNotices(before, after, new Set())).toEqual([
      { kind: 'instructions', stopId: 1, label: 'A-1' },
      { kind: 'instructions', stopId: 2, label: 'A-2' },
    ]);
    expect(routeNotices(after, route(3, after.stops), new Set())).toEqual([]);
  });

  test('the first route the phone sees is not announced', () => {
    expect(routeNotices(null, route(1, [stop(1, 1)]), new Set())).toEqual([]);
  });

  test('stops count as finished here unless the server refused them', () => {
    const a = stop(1, 1);
    const b = stop(2, 2);
    const c = stop(3, 3);
    const visits = new Map([
      [1, visit(a)],
      [2, visit(b, { state: 'refused', error: wrongCode })],
      [3, visit(c, { event: 'stop:arrived' })],
      [4, visit(stop(4, 4), { event: 'stop:returned', state: 'sent' })],
    ]);
    expect([...finishedHere(visits)]).toEqual([1, 4]);
  });
});

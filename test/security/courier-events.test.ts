import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACES } from '@dispatch/shared';
import { makePings } from '../helpers/test-server';
import type { CallerName } from './callers';
import { startProbe, type Probe } from './probe';
import { actionOutcome, connectAs } from './socket-probe';
import type { SecurityWorld } from './world';

/** One event a phone sends: about a stop of its own courier's route, or about itself only. */
interface CourierEventRow {
  event: string;
  /** What another courier's phone gets for courier A1's stop (`ok`: the event names no stop). */
  otherDevice: 'ok' | 'forbidden';
  /** What courier A1's own phone may get: `ok`, or a lifecycle code past the checks. */
  ok: readonly string[];
  why?: string;
  writes: readonly string[];
  payload: (w: SecurityWorld) => unknown;
}

let seq = 5000;
const visit = (w: SecurityWorld, extra: object = {}) => ({ stopId: w.routeStops[3], ...extra });

/** Every event of the courier namespace (checked against what the server listens to). */
const EVENTS: CourierEventRow[] = [
  {
    event: 'pings',
    otherDevice: 'ok',
    ok: ['ok'],
    why: 'fixes are always the sending phone’s own courier’s',
    writes: ['pings'],
    payload: () => ({ pings: makePings(1, ++seq) }),
  },
  {
    event: 'status',
    otherDevice: 'ok',
    ok: ['ok'],
    writes: ['couriers', 'events'],
    payload: () => ({ status: 'on_break' }),
  },
  ...(['stop:en_route', 'stop:arrived', 'stop:delivered'] as const).map(
    (event): CourierEventRow => ({
      event,
      otherDevice: 'forbidden',
      ok: ['ok', 'conflict'],
      why: 'a step out of order is a conflict of the stop’s lifecycle',
      writes: ['stops', 'stop_proofs', 'events'],
      payload: (w) => visit(w),
    }),
  ),
  {
    event: 'stop:failed',
    otherDevice: 'forbidden',
    ok: ['ok', 'conflict'],
    why: 'the stop was delivered by the row before: a conflict of its lifecycle',
    writes: ['stops', 'stop_proofs', 'events'],
    payload: (w) => visit(w, { reasonCode: 'not_home' }),
  },
  {
    event: 'stop:returned',
    otherDevice: 'forbidden',
    ok: ['conflict', 'forbidden'],
    why: 'the stop is not on its way back: its lifecycle refuses the check-in',
    writes: ['stops', 'events'],
    payload: (w) => visit(w),
  },
];

const SOCKET_IO_EVENTS = ['disconnect', 'disconnecting', 'error'];

/** Courier A1's stop events from another courier's phone, then from its own (README.md). */
describe("who may report on a courier's stops over the device socket", () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe();
  });
  afterAll(() => probe?.server.stop());

  const connect = async (caller: CallerName) => {
    const shake = await connectAs(probe, NAMESPACES.courier, caller);
    if ('refused' in shake) throw new Error(`${caller}: ${shake.refused}`);
    return shake.socket;
  };

  it('has one row for every event a phone may send, and none for another', async () => {
    const socket = await connect('deviceA');
    const served = probe.server.app.io.of(NAMESPACES.courier).sockets.get(socket.id!);
    socket.close();
    const listened = served!.eventNames().map(String);
    expect(listened.filter((e) => !SOCKET_IO_EVENTS.includes(e)).sort()).toEqual(
      EVENTS.map((e) => e.event).sort(),
    );
  });

  for (const row of EVENTS)
    it(`answers ${row.event} from another courier's phone and from the courier's own`, async () => {
      const other = await connect('deviceOther');
      const fromOther = await actionOutcome(
        probe,
        other,
        row.event,
        row.payload(probe.world),
        row.writes,
      );
      other.close();
      const own = await connect('deviceA');
      const fromOwn = await actionOutcome(
        probe,
        own,
        row.event,
        row.payload(probe.world),
        row.writes,
      );
      own.close();
      expect({ fromOther, fromOwn: fromOwn.answer }).toEqual({
        fromOther: { answer: row.otherDevice, wrote: [] },
        fromOwn: row.ok.includes(fromOwn.answer) ? fromOwn.answer : row.ok[0],
      });
    });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACES } from '@dispatch/shared';
import { CALLERS, CONSOLE_CALLERS, type CallerName, type ConsoleCaller } from './callers';
import { startProbe, type Probe } from './probe';
import { actionOutcome, connectAs, consoleWithExpiredSession, handshakeOf } from './socket-probe';
import type { SecurityWorld } from './world';

/** One console event: what it sends, what another hub's user gets, what it writes. */
interface EventRow {
  event: string;
  /** `ok`, or the error code another hub's dispatcher gets on hub A's objects. */
  crossHub: 'ok' | 'not_found';
  /** What an allowed caller gets: `ok`, or a domain code that proves it got past the checks. */
  ok: readonly string[];
  why?: string;
  writes: readonly string[];
  payload: (w: SecurityWorld, probe: Probe) => unknown;
}

/** The route versions of couriers A1 and A2 as they are now. */
async function versions(probe: Probe): Promise<Record<number, number>> {
  const { courierA, courierA2 } = probe.world;
  const rows = await probe.server.app.stops.routeVersions([courierA.id, courierA2.id]);
  return Object.fromEntries(rows.map((r) => [r.courierId, r.version]));
}

/** A fresh open suggestion to move one of hub A's open stops to courier A2. */
async function freshSuggestion(probe: Probe): Promise<number> {
  const { world } = probe;
  const v = await versions(probe);
  const made = await probe.server.app.suggestions.create(
    {
      kind: 'reassign',
      stopIds: [world.openStops[1]!],
      fromCourierId: null,
      toCourierId: world.courierA2.id,
      fromRouteVersion: null,
      toRouteVersion: v[world.courierA2.id] ?? 0,
      insertPosition: null,
      score: 1,
      explanation: 'closest courier',
    },
    { type: 'system' },
  );
  return made.id;
}

/** Every console event (the gateway's own list is checked against these rows). */
const EVENTS: EventRow[] = [
  {
    event: 'view',
    crossHub: 'ok',
    ok: ['ok'],
    why: 'a console says what it looks at; it then hears only its own hub',
    writes: [],
    payload: () => ({ bounds: [-54.7, -20.5, -54.5, -20.4] }),
  },
  {
    event: 'alert:ack',
    crossHub: 'not_found',
    ok: ['ok'],
    writes: ['alerts', 'events'],
    payload: (w) => ({ alertId: w.alertId }),
  },
  {
    event: 'suggestion:accept',
    crossHub: 'not_found',
    ok: ['ok', 'conflict'],
    why: 'a fresh suggestion each time; once the stop moved, the next one can be stale (409)',
    writes: ['suggestions', 'stops', 'couriers', 'events'],
    payload: async (_w, probe) => ({ suggestionId: await freshSuggestion(probe) }),
  },
  {
    event: 'suggestion:reject',
    crossHub: 'not_found',
    ok: ['ok'],
    writes: ['suggestions', 'events'],
    payload: async (_w, probe) => ({ suggestionId: await freshSuggestion(probe) }),
  },
  {
    event: 'stop:reassign',
    crossHub: 'not_found',
    ok: ['ok'],
    writes: ['stops', 'couriers', 'events'],
    payload: async (w, probe) => ({
      stopIds: [w.openStops[0]],
      toCourierId: w.courierA2.id,
      routeVersions: await versions(probe),
    }),
  },
];

/** Events socket.io itself emits on a server-side socket. */
const SOCKET_IO_EVENTS = ['disconnect', 'disconnecting', 'error'];

const isConsole = (c: CallerName): c is ConsoleCaller =>
  (CONSOLE_CALLERS as readonly string[]).includes(c);

/**
 * The three socket namespaces against every kind of caller, and every console event against
 * every console user, another hub's and one whose session ended (README.md).
 */
describe('who may open each socket and send each console event', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe();
  });
  afterAll(() => probe?.server.stop());

  it('has one row for every event a console may send, and none for another', async () => {
    const shake = await connectAs(probe, NAMESPACES.console, 'admin');
    if ('refused' in shake) throw new Error(shake.refused);
    // What the server's side of a console connection listens to, but socket.io's own events.
    const served = probe.server.app.io.of(NAMESPACES.console).sockets.get(shake.socket.id!);
    shake.socket.close();
    const listened = served!.eventNames().map(String);
    expect(listened.filter((e) => !SOCKET_IO_EVENTS.includes(e)).sort()).toEqual(
      EVENTS.map((e) => e.event).sort(),
    );
  });

  it('opens /console for a live session only', async () => {
    const got: Record<string, string> = {};
    for (const caller of CALLERS)
      got[caller] = await handshakeOf(probe, NAMESPACES.console, caller);
    expect(got).toEqual(
      Object.fromEntries(CALLERS.map((c) => [c, isConsole(c) ? 'connected' : 'unauthorized'])),
    );
  });

  it('opens /courier for a live device token only', async () => {
    const got: Record<string, string> = {};
    for (const caller of CALLERS)
      got[caller] = await handshakeOf(probe, NAMESPACES.courier, caller);
    const live = ['deviceA', 'deviceOther'];
    expect(got).toEqual(
      Object.fromEntries(CALLERS.map((c) => [c, live.includes(c) ? 'connected' : 'unauthorized'])),
    );
  });

  it("opens /track for a link's token whoever calls, and refuses a forged one", async () => {
    const { trackingToken } = probe.world;
    for (const caller of CALLERS) {
      expect(await handshakeOf(probe, NAMESPACES.track, caller, trackingToken), caller).toBe(
        'connected',
      );
      expect(await handshakeOf(probe, NAMESPACES.track, caller, 'x'.repeat(43)), caller).toBe(
        'not_found',
      );
    }
  });

  for (const row of EVENTS)
    it(`answers ${row.event} as the table says, and a refused one changes nothing`, async () => {
      const got: Record<string, { answer: string; wrote: string[] }> = {};
      const want: Record<string, { answer: string; wrote: string[] }> = {};
      // Refused first, so nothing an allowed caller did can hide a refused one's write.
      const order: ConsoleCaller[] = ['dispatcherB', 'admin', 'supervisorA', 'dispatcherA'];
      const expired = await consoleWithExpiredSession(probe);
      got.expired = await actionOutcome(
        probe,
        expired,
        row.event,
        await row.payload(probe.world, probe),
        row.writes,
      );
      want.expired = { answer: 'unauthorized', wrote: [] };
      expired.close();
      for (const caller of order) {
        const shake = await connectAs(probe, NAMESPACES.console, caller);
        if ('refused' in shake) throw new Error(`${caller}: ${shake.refused}`);
        const payload = await row.payload(probe.world, probe);
        got[caller] = await actionOutcome(probe, shake.socket, row.event, payload, row.writes);
        shake.socket.close();
        const refused = caller === 'dispatcherB' && row.crossHub !== 'ok';
        want[caller] = refused
          ? { answer: row.crossHub, wrote: [] }
          : {
              answer: row.ok.includes(got[caller].answer) ? got[caller].answer : row.ok[0]!,
              wrote: [],
            };
      }
      expect(got).toEqual(want);
    });
});

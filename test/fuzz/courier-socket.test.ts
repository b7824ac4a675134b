import fc from 'fast-check';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NAMESPACES,
  PING_LIMITS,
  PROTOCOL_VERSION,
  PingBatchSchema,
  StopCheckInReportSchema,
  StopVisitReportSchema,
  compileValidator,
  validatePingBatch,
} from '@dispatch/shared';
import { TestServer, type CourierClient } from '../helpers/test-server';
import { CaseTally, fuzz } from './fuzz-run';
import { buildFuzzWorld, type FuzzWorld } from './fuzz-world';
import { anyHostile, hostileLeaf, longText, sometimes, withExtraFields } from './hostile-values';
import { nearValid, type JsonSchema } from './schema-values';
import {
  RefusalAudit,
  RowCounts,
  expectHeapFlat,
  expectTypedAck,
  heapAfterGcMiB,
  watchProcessFailures,
} from './server-checks';

const tally = new CaseTally();
afterAll(() => console.log(`[fuzz] courier socket cases\n${tally.table()}`));

const noRefs = () => undefined;
const schema = (s: unknown) => s as JsonSchema;

/** A fix near now and near the hub, so a valid one is stored and moves the courier. */
const plausiblePing = fc.record({
  seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  t: fc
    .integer({ min: -3_600_000, max: PING_LIMITS.maxFutureMs + 60_000 })
    .map((d) => Date.now() + d),
  lat: fc.double({ min: -20.5, max: -20.4, noNaN: true }),
  lng: fc.double({ min: -54.7, max: -54.5, noNaN: true }),
  acc: fc.double({ min: 0, max: 200, noNaN: true }),
  spd: fc.double({ min: 0, max: 40, noNaN: true }),
});

/** Ping batch payloads: plausible, near-valid by the schema, or anything. */
const pingPayload = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(plausiblePing, { minLength: 1, maxLength: 20 }).map((pings) => ({ pings })),
  },
  { weight: 3, arbitrary: nearValid(schema(PingBatchSchema), noRefs) },
  {
    weight: 1,
    arbitrary: withExtraFields(
      fc.array(plausiblePing, { maxLength: 3 }).map((pings) => ({ pings })),
    ),
  },
  { weight: 2, arbitrary: anyHostile },
);

/** What a device may say on `/courier`, with its payload. */
const VISIT_EVENTS = ['stop:en_route', 'stop:arrived', 'stop:delivered', 'stop:failed'] as const;
const UNKNOWN_EVENTS = [
  'stop:teleport',
  'pings ',
  '__proto__',
  'constructor',
  'route:updated',
  'view',
];

function eventCase(stopIds: readonly number[]) {
  const visit = nearValid(schema(StopVisitReportSchema), noRefs).map((v) =>
    // Mostly the stops of this courier's route, so the visit reaches the lifecycle.
    typeof v === 'object' &&
    v !== null &&
    'stopId' in v &&
    typeof v.stopId === 'number' &&
    v.stopId < 9
      ? { ...v, stopId: stopIds[v.stopId % stopIds.length] }
      : v,
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ event: fc.constant('pings'), payload: pingPayload }) },
    {
      weight: 6,
      arbitrary: fc.record({
        event: fc.constantFrom(...VISIT_EVENTS),
        payload: fc.oneof(visit, anyHostile),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        event: fc.constant('stop:returned'),
        payload: fc.oneof(nearValid(schema(StopCheckInReportSchema), noRefs), hostileLeaf),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        event: fc.constant('status'),
        payload: fc.oneof(
          fc.record({
            status: fc.constantFrom('idle', 'en_route', 'on_break', 'offline', 'done', 'x'),
          }),
          anyHostile,
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ event: fc.constantFrom(...UNKNOWN_EVENTS), payload: anyHostile }),
    },
  );
}

/** One message from a device: an event, its payload, maybe more arguments, maybe no ack. */
function socketCase(stopIds: readonly number[]) {
  return fc.record({
    message: eventCase(stopIds),
    withAck: fc.oneof(
      { weight: 8, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    extraArgs: sometimes(fc.array(hostileLeaf, { minLength: 1, maxLength: 2 }), 10),
    // Within the server's 128 KiB frame limit even at 6 bytes a character (an escaped lone
    // surrogate); a bigger frame closes the link by design (test/integration/http-limits.test.ts).
    padding: sometimes(longText(10_000, 20_000), 150),
  });
}

describe('the validators behind the /courier events', () => {
  const visit = compileValidator(StopVisitReportSchema, 'stop visit');
  const checkIn = compileValidator(StopCheckInReportSchema, 'stop check-in');

  it('refuse or accept any ping batch, and what they accept is a plausible fix', async () => {
    const surface = 'courier: ping batch validator';
    await fuzz(
      tally,
      surface,
      fc.property(pingPayload, (payload) => {
        const now = Date.now();
        const checked = validatePingBatch(payload, now);
        if (!checked.ok) {
          expect(['invalid', 'too_large', 'forbidden']).toContain(checked.error.code);
          expect(checked.error.message.length).toBeGreaterThan(0);
          tally.count(surface, 'refused');
          return;
        }
        for (const p of checked.pings) {
          expect(Number.isSafeInteger(p.seq) && Number.isSafeInteger(p.t)).toBe(true);
          expect(Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180).toBe(true);
          expect(p.t).toBeLessThanOrEqual(now + PING_LIMITS.maxFutureMs);
        }
        tally.count(surface, 'accepted');
      }),
      30_000,
    );
  });

  it('refuse or accept any visit report with a typed answer', async () => {
    const surface = 'courier: visit report validators';
    await fuzz(
      tally,
      surface,
      fc.property(eventCase([1, 2, 3]), ({ payload }) => {
        for (const validator of [visit, checkIn]) {
          const parsed = validator.parse(payload);
          if (parsed.ok) expect(validator.check(parsed.value)).toBe(true);
          else expect(parsed.error.code).toBe('invalid');
        }
        tally.count(surface, visit.check(payload) ? 'accepted' : 'refused');
      }),
      20_000,
    );
  });
});

describe('the /courier namespace over a real socket', () => {
  let server: TestServer;
  let world: FuzzWorld;
  let device: CourierClient;
  const crashes = watchProcessFailures();

  beforeAll(async () => {
    server = await TestServer.start();
    world = await buildFuzzWorld(server);
    device = await server.connectCourier(world.courier.deviceToken);
  });
  afterAll(async () => {
    crashes.stop();
    await server?.stop();
  });

  /** An ack for `event`, or a failure naming the event when none comes. */
  const ask = (event: string, ...args: unknown[]): Promise<unknown> =>
    (device.timeout(10_000).emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(
      event,
      ...args,
    );

  it('answers every message with a typed ack, keeps the link, and refused ones write nothing', async () => {
    const surface = 'courier: socket messages';
    type Message = { event: string; args: unknown[] };
    /** Sends with an ack; true when refused. */
    const send = async ({ event, args }: Message) =>
      expectTypedAck(await ask(event, ...args), event);
    const audit = new RefusalAudit<Message>(
      await RowCounts.of(server.app.db),
      send,
      (m) => `${m.event} ${JSON.stringify(m.args).slice(0, 500)}`,
    );
    await audit.start();
    const heapBefore = await heapAfterGcMiB();
    let sinceCheck = 0;
    await fuzz(
      tally,
      surface,
      fc.asyncProperty(
        socketCase(world.stopIds.slice(0, 4)),
        async ({ message, withAck, extraArgs, padding }) => {
          const payload =
            padding !== undefined && typeof message.payload === 'object' && message.payload !== null
              ? { ...message.payload, padding }
              : message.payload;
          const args = [payload, ...(extraArgs ?? [])];
          const known = !UNKNOWN_EVENTS.includes(message.event);
          if (withAck && known && extraArgs === undefined) {
            const m = { event: message.event, args };
            const refused = await send(m);
            tally.count(surface, refused ? 'refused' : 'accepted');
            if (refused) audit.refused(m);
            else await audit.accepted();
          } else {
            // No ack to wait for (none asked, an unknown event, the ack not last): a probe shows
            // the server still answers on this link. What the message did is not known, so the
            // rows are measured afresh.
            (device.emit as (e: string, ...a: unknown[]) => void)(message.event, ...args);
            expect(expectTypedAck(await ask('status', { status: 'nope' }), 'probe')).toBe(true);
            tally.count(surface, known ? 'accepted' : 'refused');
            await audit.accepted();
          }
          expect(device.connected).toBe(true);
          if (++sinceCheck >= 50) {
            await audit.check(surface);
            sinceCheck = 0;
          }
        },
      ),
      3_000,
    );
    await audit.check(surface);
    expectHeapFlat(surface, heapBefore, await heapAfterGcMiB());
  });

  it('refuses any malformed handshake with a typed error', async () => {
    const surface = 'courier: handshakes';
    const auth = fc.record(
      {
        token: fc.oneof(
          fc.constant(world.courier.deviceToken),
          fc.constant(world.courier.deviceToken + 'x'),
          fc.string({ maxLength: 300 }),
          hostileLeaf,
        ),
        protocol: fc.oneof(fc.constant(PROTOCOL_VERSION), hostileLeaf),
      },
      { requiredKeys: [] },
    );
    await fuzz(
      tally,
      surface,
      fc.asyncProperty(auth, async (a) => {
        const socket = io(server.url + NAMESPACES.courier, {
          auth: a as Record<string, unknown>,
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        const outcome = await new Promise<{ ok: true } | { ok: false; data: unknown }>(
          (resolve) => {
            socket.once('connect', () => resolve({ ok: true }));
            socket.once('connect_error', (err: Error & { data?: unknown }) =>
              resolve({ ok: false, data: err.data }),
            );
          },
        );
        socket.disconnect();
        const valid =
          a.token === world.courier.deviceToken &&
          (a.protocol === undefined || a.protocol === PROTOCOL_VERSION);
        if (outcome.ok) expect(valid).toBe(true);
        else {
          expect(valid).toBe(false);
          expectTypedAck({ ok: false, error: outcome.data }, 'handshake');
        }
        tally.count(surface, outcome.ok ? 'accepted' : 'refused');
      }),
      300,
    );
    expect((await server.app.http.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(crashes.failures).toEqual([]);
  });
});

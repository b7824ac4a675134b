import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConsoleClientToServer,
  type ConsoleServerToClient,
  type CourierClientToServer,
  type CourierServerToClient,
} from '@dispatch/shared';
import { markdownTable } from '../bench/table';
import { eventually } from '../helpers/test-server';
import { CHAOS_SERVER_ENV, ChaosServer, embeddedDatabase } from './chaos-world';
import { call } from './console-user';
import { figure, readProcess, rssMiB } from './server-readings';

const COURIERS = Number(process.env.CHAOS_STORM_COURIERS ?? 700);
const CONSOLES = Number(process.env.CHAOS_STORM_CONSOLES ?? 300);

type CourierSocket = Socket<CourierServerToClient, CourierClientToServer>;
type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;

/** Runs `work` over `items` with at most `limit` at once. */
async function pooled<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Every courier sends one fix and every console asks for its view; counts the ok answers. */
async function roundTrip(
  couriers: readonly CourierSocket[],
  consoles: readonly ConsoleSocket[],
  seq: number,
): Promise<{ pings: number; views: number }> {
  const t = Date.now();
  const pingAcks = await Promise.all(
    couriers.map((s) =>
      s
        .timeout(30_000)
        .emitWithAck('pings', { pings: [{ seq, t, lat: -23.55, lng: -46.63, acc: 5 }] })
        .catch(() => null),
    ),
  );
  const viewAcks = await Promise.all(
    consoles.map((s) =>
      s
        .timeout(30_000)
        .emitWithAck('view', { bounds: [-46.7, -23.6, -46.5, -23.5] })
        .catch(() => null),
    ),
  );
  return {
    pings: pingAcks.filter((a) => a?.ok).length,
    views: viewAcks.filter((a) => a?.ok).length,
  };
}

/**
 * A thousand connections (couriers' phones and consoles) come back at once after the server is
 * killed and started again: all reconnect and all get their answers. The server's event-loop
 * delay and memory over the storm are printed, not judged.
 */
describe('a reconnect storm', () => {
  it('reconnects every phone and console after a restart and answers them all', async () => {
    const db = await embeddedDatabase();
    const server = await ChaosServer.create({ ...db.env, ...CHAOS_SERVER_ENV });
    const couriers: CourierSocket[] = [];
    const consoles: ConsoleSocket[] = [];
    try {
      const began = Date.now();
      const progress = (what: string) =>
        console.log(`storm: ${what} at ${((Date.now() - began) / 1000).toFixed(1)} s`);
      const cookie = await (await server.start()).login();
      progress('server started');
      const tokens: string[] = [];
      await pooled(
        Array.from({ length: COURIERS }, (_, i) => i),
        8,
        async (i) => {
          const res = await call<{ deviceToken: string }>(
            server,
            'POST',
            '/api/v1/couriers',
            cookie,
            {
              name: `Storm ${i + 1}`,
              vehicle: 'bike',
              shiftStartMinute: 0,
              shiftEndMinute: 1440,
            },
          );
          if (res.status !== 201)
            throw new Error(`courier: ${res.status} ${JSON.stringify(res.body)}`);
          tokens.push(res.body.deviceToken);
        },
      );
      progress(`${COURIERS} couriers created`);
      const options = { transports: ['websocket'], forceNew: true };
      for (const token of tokens)
        couriers.push(
          io(server.url + NAMESPACES.courier, {
            ...options,
            auth: { token, protocol: PROTOCOL_VERSION },
          }),
        );
      for (let i = 0; i < CONSOLES; i++)
        consoles.push(
          io(server.url + NAMESPACES.console, {
            ...options,
            auth: { protocol: PROTOCOL_VERSION },
            extraHeaders: { cookie },
          }),
        );
      const all = [...couriers, ...consoles] as Socket[];
      const connected = () => all.filter((s) => s.connected).length;
      await eventually(
        () => (connected() === all.length ? true : undefined),
        60_000,
        'everyone connected',
      );
      progress(`${all.length} sockets connected`);
      const first = await roundTrip(couriers, consoles, 1);
      expect(first).toEqual({ pings: COURIERS, views: CONSOLES });
      const before = await readProcess(server.url);
      const rssBefore = rssMiB(server.running.pid);

      // The storm: killed, started again on the same port; every client reconnects by itself.
      await server.kill();
      await eventually(() => (connected() === 0 ? true : undefined), 30_000, 'everyone cut off');
      const restartAt = Date.now();
      await server.start();
      // Restarts the event-loop histogram: what follows is the storm alone.
      await readProcess(server.url);
      const stormAt = Date.now();
      await eventually(
        () => (connected() === all.length ? true : undefined),
        120_000,
        'everyone back',
      );
      const reconnectS = (Date.now() - stormAt) / 1000;
      progress('everyone reconnected');
      const second = await roundTrip(couriers, consoles, 2);
      const storm = await readProcess(server.url);
      const rssAfter = rssMiB(server.running.pid);

      console.log(
        `\nreconnect storm: ${COURIERS} courier + ${CONSOLES} console sockets\n` +
          markdownTable(
            ['', 'value'],
            [
              ['reconnected', `${connected()} / ${all.length}`],
              ['ping acks ok after', `${second.pings} / ${COURIERS}`],
              ['view acks ok after', `${second.views} / ${CONSOLES}`],
              ['restart to listening, s', figure((stormAt - restartAt) / 1000, 1)],
              ['listening to all reconnected, s', figure(reconnectS, 1)],
              [
                'event-loop delay p50 / p99 / max, ms',
                `${figure(storm?.loopP50Ms, 1)} / ${figure(storm?.loopP99Ms, 1)} / ${figure(storm?.loopMaxMs, 1)}`,
              ],
              ['RSS before / after, MiB', `${figure(rssBefore)} / ${figure(rssAfter)}`],
              [
                'heap used before / after, MiB',
                `${figure(before?.heapUsedMiB)} / ${figure(storm?.heapUsedMiB)}`,
              ],
              [
                'couriers / consoles connected (server)',
                `${figure(storm?.couriersConnected)} / ${figure(storm?.consolesConnected)}`,
              ],
            ],
          ),
      );
      expect(connected()).toBe(all.length);
      expect(second).toEqual({ pings: COURIERS, views: CONSOLES });
    } finally {
      for (const s of [...couriers, ...consoles]) s.disconnect();
      await server.kill();
      await db.drop();
    }
  }, 300_000);
});

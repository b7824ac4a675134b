import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFleetColumns, type FleetDelta, type ViewAck } from '@dispatch/shared';
import { TestServer, eventually, makePings, type ConsoleClient } from '../helpers/test-server';

const BERLIN = { lat: 52.52, lng: 13.405 };
const PARIS = { lat: 48.8566, lng: 2.3522 };
const BERLIN_VIEW: [number, number, number, number] = [13.3, 52.45, 13.5, 52.6];

describe('console stream', () => {
  let server: TestServer;
  let cookie: string;
  let berlin: { id: number; deviceToken: string };
  let paris: { id: number; deviceToken: string };

  beforeAll(async () => {
    server = await TestServer.start({ CONSOLE_TICK_MS: 100 });
    cookie = await server.login();
    berlin = await server.createCourier(cookie, { name: 'Berlin' });
    paris = await server.createCourier(cookie, { name: 'Paris' });
    for (const [c, origin] of [
      [berlin, BERLIN],
      [paris, PARIS],
    ] as const) {
      const device = await server.connectCourier(c.deviceToken);
      await device
        .timeout(10_000)
        .emitWithAck('pings', { pings: makePings(1, 1, Date.now() - 60_000, origin) });
    }
  });
  afterAll(() => server?.stop());

  function collectDeltas(consoleSocket: ConsoleClient): FleetDelta[] {
    const deltas: FleetDelta[] = [];
    consoleSocket.on('fleet:delta', (d) => deltas.push(d));
    return deltas;
  }

  it('refuses a connection without a session', async () => {
    await expect(server.connectConsole()).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    await expect(server.connectConsole('sid=forged')).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
  });

  it('answers a view with a snapshot of the couriers inside it only', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    const ack: ViewAck = await consoleSocket
      .timeout(5000)
      .emitWithAck('view', { bounds: BERLIN_VIEW });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    const rows = decodeFleetColumns(ack.snapshot);
    expect(rows.map((r) => r.id)).toEqual([berlin.id]);
    expect(rows[0]!.lat).toBeCloseTo(BERLIN.lat, 5);
  });

  it('streams the latest fix per courier per tick for couriers in view, and nothing outside', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    await consoleSocket.timeout(5000).emitWithAck('view', { bounds: BERLIN_VIEW });
    const deltas = collectDeltas(consoleSocket);
    const berlinDevice = await server.connectCourier(berlin.deviceToken);
    const parisDevice = await server.connectCourier(paris.deviceToken);
    const t0 = Date.now() - 10_000;
    await parisDevice.timeout(10_000).emitWithAck('pings', { pings: makePings(5, 100, t0, PARIS) });
    const sent = makePings(5, 100, t0, BERLIN);
    await berlinDevice.timeout(10_000).emitWithAck('pings', { pings: sent });
    // The delta carrying the batch's newest fix holds the courier once; the four older fixes of
    // the same batch are never sent.
    const latest = await eventually(() =>
      deltas.find((d) => decodeFleetColumns(d).some((r) => r.t === sent[4]!.t)),
    );
    const berlinRows = decodeFleetColumns(latest).filter((r) => r.id === berlin.id);
    expect(berlinRows).toHaveLength(1);
    expect(berlinRows[0]!.lat).toBeCloseTo(sent[4]!.lat, 5);
    const sentTimes = deltas.flatMap((d) => decodeFleetColumns(d)).map((r) => r.t);
    for (const older of sent.slice(0, 4)) expect(sentTimes).not.toContain(older.t);
    // Give a few more ticks for a stray Paris row to show up.
    await new Promise((r) => setTimeout(r, 350));
    expect(deltas.flatMap((d) => decodeFleetColumns(d).map((r) => r.id))).not.toContain(paris.id);
  });

  it('sends the deltas in compact columns, not one object per courier', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    await consoleSocket.timeout(5000).emitWithAck('view', { bounds: BERLIN_VIEW });
    const deltas = collectDeltas(consoleSocket);
    const device = await server.connectCourier(berlin.deviceToken);
    await device
      .timeout(10_000)
      .emitWithAck('pings', { pings: makePings(1, 200, Date.now() - 1000, BERLIN) });
    const delta = await eventually(() => deltas[0]);
    for (const key of ['id', 'age', 'lat', 'lng', 'spd', 'hdg', 'st'] as const) {
      expect(Array.isArray(delta[key])).toBe(true);
      expect(delta[key].every(Number.isInteger)).toBe(true);
    }
  });

  it('tells a console when a courier leaves its view', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    await consoleSocket.timeout(5000).emitWithAck('view', { bounds: BERLIN_VIEW });
    const deltas = collectDeltas(consoleSocket);
    const device = await server.connectCourier(berlin.deviceToken);
    // Paris is no drive away from Berlin: fixes there agreeing over 20 s move the courier.
    const paris = [0, 10_000, 20_000].map((dt, i) => ({
      ...makePings(1, 300 + i, Date.now() + dt, PARIS)[0]!,
    }));
    await device.timeout(10_000).emitWithAck('pings', { pings: paris });
    await eventually(() => (deltas.some((d) => d.gone.includes(berlin.id)) ? true : undefined));
    expect(deltas.flatMap((d) => decodeFleetColumns(d).map((r) => r.id))).not.toContain(berlin.id);
  });

  it('refuses a malformed or world-sized view with a typed error', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    const bad: ViewAck = await consoleSocket
      .timeout(5000)
      .emitWithAck('view', { bounds: [1, 2, 3] } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const huge: ViewAck = await consoleSocket
      .timeout(5000)
      .emitWithAck('view', { bounds: [-180, -85, 180, 85] });
    expect(huge).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('counts connected consoles', async () => {
    await server.connectConsole(cookie);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^dispatch_consoles_connected (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
  });
});

import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { CourierClientToServer, CourierServerToClient, Ping, PingAck } from '@dispatch/shared';
// The constants come straight from the protocol file: the package index also loads h3 and
// typebox, which would add a second to every load process's start.
import { NAMESPACES, PROTOCOL_VERSION } from '../../shared/src/protocol';

/** How one send of a batch ended, from the device's point of view. */
export type BatchOutcome = { ok: true; stored: number } | { ok: false; code: string };

/** One device connection that sends a batch and waits for its ack. */
export interface Channel {
  send(pings: Ping[]): Promise<BatchOutcome>;
  close(): void;
}

export type Transport = 'socketio' | 'ws';

/** A courier device's Socket.IO connection on `/courier`. */
export type CourierSocket = Socket<CourierServerToClient, CourierClientToServer>;

function fromAck(ack: PingAck): BatchOutcome {
  return ack.ok ? { ok: true, stored: ack.stored } : { ok: false, code: ack.error.code };
}

/** Connects one device to the real server's `/courier` namespace (WebSocket, no reconnection). */
export async function connectCourierSocket(url: string, token: string): Promise<CourierSocket> {
  const socket: CourierSocket = io(url + NAMESPACES.courier, {
    auth: { token, protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

/** A courier device on the real server: Socket.IO over WebSocket, acks per batch. */
async function connectSocketIo(url: string, token: string, ackTimeoutMs: number): Promise<Channel> {
  const socket = await connectCourierSocket(url, token);
  return {
    send: (pings) =>
      new Promise((resolve) => {
        socket.timeout(ackTimeoutMs).emit('pings', { pings }, (err, ack) => {
          resolve(err ? { ok: false, code: 'timeout' } : fromAck(ack));
        });
      }),
    close: () => socket.disconnect(),
  };
}

/** A raw WebSocket to the bare sink; it answers every message in order, so acks match FIFO. */
async function connectWs(url: string): Promise<Channel> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waiting: ((outcome: BatchOutcome) => void)[] = [];
  ws.on('message', (data) => {
    const ack = JSON.parse(String(data)) as PingAck;
    waiting.shift()?.(fromAck(ack));
  });
  ws.on('close', () => {
    for (const resolve of waiting.splice(0)) resolve({ ok: false, code: 'closed' });
  });
  return {
    send: (pings) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        ws.send(JSON.stringify({ pings }));
      }),
    close: () => ws.close(),
  };
}

export function connectChannel(
  transport: Transport,
  url: string,
  token: string,
  ackTimeoutMs: number,
): Promise<Channel> {
  return transport === 'ws' ? connectWs(url) : connectSocketIo(url, token, ackTimeoutMs);
}

const CITY = { lat: 52.52, lng: 13.405 };
const METERS_PER_DEGREE = 111_320;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A courier wandering around one city at bike speeds, emitting one fix per second. */
export class SimulatedDevice {
  private lat = CITY.lat + (Math.random() - 0.5) * 0.16;
  private lng = CITY.lng + (Math.random() - 0.5) * 0.24;
  private headingDegrees = Math.random() * 360;
  private battery = 0.3 + Math.random() * 0.7;

  constructor(private seq: number) {}

  /** The next `n` fixes, sequence numbers increasing, stamped `nowMs`. */
  nextBatch(n: number, nowMs: number): Ping[] {
    const pings: Ping[] = [];
    for (let i = 0; i < n; i++) {
      this.headingDegrees = (this.headingDegrees + (Math.random() - 0.5) * 30 + 360) % 360;
      const speedMps = 3 + Math.random() * 9;
      const rad = (this.headingDegrees * Math.PI) / 180;
      this.lat += (speedMps * Math.cos(rad)) / METERS_PER_DEGREE;
      this.lng +=
        (speedMps * Math.sin(rad)) / (METERS_PER_DEGREE * Math.cos((this.lat * Math.PI) / 180));
      this.battery = Math.max(0.05, this.battery - 1e-5);
      pings.push({
        seq: this.seq++,
        t: nowMs,
        lat: round6(this.lat),
        lng: round6(this.lng),
        acc: Math.round(3 + Math.random() * 12),
        spd: Math.round(speedMps * 10) / 10,
        hdg: Math.round(this.headingDegrees),
        bat: Math.round(this.battery * 100) / 100,
      });
    }
    return pings;
  }
}

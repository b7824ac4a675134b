import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  validatePingBatch,
  type CourierClientToServer,
  type CourierServerToClient,
  type CourierStatus,
  type Ping,
  type RoutePayload,
} from '@dispatch/shared';
import { Server } from 'socket.io';
import type { ApiCourier, ApiHub } from '../../server/src/simulator/api';

/** What a test sees of the fake server. */
export interface FakeDispatchServer {
  url: string;
  /** Pings stored per courier id, in arrival order (duplicates removed). */
  stored: Map<number, Ping[]>;
  /** Statuses reported per courier id, in order. */
  statuses: Map<number, CourierStatus[]>;
  /** Stop reports (`stop:en_route`, `stop:arrived`, …) per courier id, in order, as `event stopId`. */
  visits: Map<number, string[]>;
  /** Answers the next `n` ping batches with a retryable `overloaded`. */
  refuseNextBatches(n: number): void;
  /** Drops every courier connection from the server side. */
  disconnectAll(): void;
  close(): Promise<void>;
}

export interface FakeDispatchServerOptions {
  couriers: ApiCourier[];
  hubs: ApiHub[];
  routes: RoutePayload[];
  email: string;
  password: string;
}

/**
 * A stand-in for the dispatch server, for testing the simulator in-process: the REST calls it
 * makes and a `/courier` namespace that authenticates device tokens and acks ping batches.
 */
export async function startFakeDispatchServer(
  options: FakeDispatchServerOptions,
): Promise<FakeDispatchServer> {
  const tokens = new Map<string, number>();
  const stored = new Map<number, Ping[]>();
  const seen = new Map<number, Set<number>>();
  const statuses = new Map<number, CourierStatus[]>();
  const visits = new Map<number, string[]>();
  let refuse = 0;
  let tokenCounter = 0;

  const http = createServer((req, res) => {
    void handle(req, res);
  });
  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '';
    if (req.method === 'POST' && url === '/api/v1/auth/login') {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        email?: string;
        password?: string;
      };
      if (body.email !== options.email || body.password !== options.password) {
        return send(res, 401, { code: 'unauthorized', message: 'wrong email or password' });
      }
      return send(res, 200, { ok: true }, { 'set-cookie': 'sid=s3ss10n; Path=/; HttpOnly' });
    }
    if (req.headers.cookie !== 'sid=s3ss10n') {
      return send(res, 401, { code: 'unauthorized', message: 'no session' });
    }
    const tokenPath = /^\/api\/v1\/couriers\/(\d+)\/token$/.exec(url);
    if (req.method === 'POST' && tokenPath) {
      const id = Number(tokenPath[1]);
      for (const [token, owner] of tokens) if (owner === id) tokens.delete(token);
      const deviceToken = `device-${id}-${++tokenCounter}`;
      tokens.set(deviceToken, id);
      return send(res, 200, { id, deviceToken });
    }
    if (req.method === 'GET' && url === '/api/v1/couriers')
      return send(res, 200, { couriers: options.couriers });
    if (req.method === 'GET' && url === '/api/v1/hubs')
      return send(res, 200, { hubs: options.hubs });
    return send(res, 404, { code: 'not_found', message: url });
  }

  const io = new Server<
    CourierClientToServer,
    CourierServerToClient,
    Record<string, never>,
    { courierId: number }
  >(http);
  const courierNs = io.of('/courier');
  courierNs.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    const courierId = typeof auth.token === 'string' ? tokens.get(auth.token) : undefined;
    if (courierId === undefined) return next(new Error('unauthorized'));
    socket.data.courierId = courierId;
    next();
  });
  courierNs.on('connection', (socket) => {
    const courierId = socket.data.courierId;
    const route = options.routes.find((r) => r.courierId === courierId);
    if (route) socket.emit('route:updated', route);
    socket.on('status', ({ status }, ack) => {
      statuses.set(courierId, [...(statuses.get(courierId) ?? []), status]);
      ack({ ok: true });
    });
    for (const event of [
      'stop:en_route',
      'stop:arrived',
      'stop:delivered',
      'stop:failed',
    ] as const) {
      socket.on(event, ({ stopId }, ack) => {
        visits.set(courierId, [...(visits.get(courierId) ?? []), `${event} ${stopId}`]);
        ack({ ok: true });
      });
    }
    socket.on('pings', (batch, ack) => {
      if (refuse > 0) {
        refuse--;
        return ack({ ok: false, error: { code: 'overloaded', message: 'try later' } });
      }
      const valid = validatePingBatch(batch, Date.now());
      if (!valid.ok) return ack({ ok: false, error: valid.error });
      const list = stored.get(courierId) ?? [];
      const seqs = seen.get(courierId) ?? new Set<number>();
      let duplicates = 0;
      for (const ping of valid.pings) {
        if (seqs.has(ping.seq)) duplicates++;
        else {
          seqs.add(ping.seq);
          list.push(ping);
        }
      }
      stored.set(courierId, list);
      seen.set(courierId, seqs);
      const upTo = Math.max(...valid.pings.map((p) => p.seq));
      ack({ ok: true, upTo, stored: valid.pings.length - duplicates, duplicates });
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stored,
    statuses,
    visits,
    refuseNextBatches: (n) => {
      refuse = n;
    },
    disconnectAll: () => courierNs.disconnectSockets(true),
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

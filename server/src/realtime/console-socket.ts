import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  DomainError,
  NAMESPACES,
  PROTOCOL_VERSION,
  encodeFleetColumns,
  viewRequestValidator,
  type ConsoleClientToServer,
  type ConsoleServerToClient,
  type ConsoleUser,
  type FleetRow,
} from '@dispatch/shared';
import { toFleetRow } from '../fleet/fleet-state';
import { SESSION_COOKIE } from '../http/auth-hooks';
import type { Services } from '../services';
import { HUB_ROOM_ALL, hubRoom } from './console-rooms';
import { buildFleetDeltas, viewRoom } from './fleet-broadcaster';
import { roomsForView } from './view-rooms';

interface ConsoleSocketData {
  user: ConsoleUser;
  rooms: string[];
}

export type ConsoleNamespace = Namespace<
  ConsoleClientToServer,
  ConsoleServerToClient,
  Record<string, never>,
  ConsoleSocketData
>;
type ConsoleSocket = Socket<
  ConsoleClientToServer,
  ConsoleServerToClient,
  Record<string, never>,
  ConsoleSocketData
>;

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function refusal(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The `/console` namespace: a signed-in user says what it looks at (`view`), joins the res-5
 * rooms covering it, gets a snapshot, then one `fleet:delta` per room per tick.
 */
export function attachConsoleNamespace(
  io: Server,
  services: Services,
  log: FastifyBaseLogger,
): { nsp: ConsoleNamespace; stop: () => void } {
  const { auth, fleet, metrics, config } = services;
  const nsp = io.of(NAMESPACES.console) as unknown as ConsoleNamespace;

  nsp.use((socket, next) => {
    const protocol = (socket.handshake.auth as { protocol?: unknown }).protocol;
    if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
      return next(
        refusal(
          'invalid',
          `protocol ${String(protocol)} is not supported; this server speaks ${PROTOCOL_VERSION}`,
        ),
      );
    }
    auth.userForSession(cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE)).then(
      (user) => {
        if (!user) return next(refusal('unauthorized', 'sign in first'));
        socket.data.user = user;
        socket.data.rooms = [];
        next();
      },
      (err: unknown) => {
        log.error({ err }, 'console session check failed');
        next(refusal('unavailable', 'the server cannot check the session right now'));
      },
    );
  });

  nsp.on('connection', (socket: ConsoleSocket) => {
    metrics.consolesConnected.inc();
    void socket.join(`user:${socket.data.user.id}`);
    void socket.join(`role:${socket.data.user.role}`);
    const { hubId } = socket.data.user;
    void socket.join(hubId === null ? HUB_ROOM_ALL : hubRoom(hubId));
    socket.on('disconnect', () => metrics.consolesConnected.dec());
    socket.emit('hello', {
      protocol: PROTOCOL_VERSION,
      user: socket.data.user,
      tickMs: config.CONSOLE_TICK_MS,
    });

    socket.on('view', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = viewRequestValidator.parse(payload);
      if (!parsed.ok) return reply({ ok: false, error: parsed.error });
      let rooms: string[];
      try {
        rooms = roomsForView(parsed.value);
      } catch (err) {
        if (err instanceof DomainError) return reply({ ok: false, error: err.toWire() });
        throw err;
      }
      const next = new Set(rooms);
      for (const old of socket.data.rooms) if (!next.has(old)) void socket.leave(viewRoom(old));
      for (const room of rooms) void socket.join(viewRoom(room));
      socket.data.rooms = rooms;
      const snapshot: FleetRow[] = [];
      for (const live of fleet.inRooms(rooms)) {
        const row = toFleetRow(live);
        if (row) snapshot.push(row);
      }
      reply({ ok: true, rooms, snapshot: encodeFleetColumns(snapshot, Date.now()) });
    });
  });

  const timer = setInterval(() => {
    const changed = fleet.takeDirty();
    if (changed.size === 0) return;
    const local = nsp.adapter.rooms;
    for (const delta of buildFleetDeltas(fleet, changed, Date.now())) {
      const room = viewRoom(delta.room);
      if (!local.has(room)) continue;
      metrics.deltaCouriers.inc(delta.id.length);
      nsp.to(room).emit('fleet:delta', delta);
    }
  }, config.CONSOLE_TICK_MS);
  timer.unref();
  return { nsp, stop: () => clearInterval(timer) };
}

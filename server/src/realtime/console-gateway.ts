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
import { SESSION_COOKIE, type SessionReader } from '../auth/guard';
import { toFleetRow, type FleetState } from '../fleet/fleet-state';
import type { Metrics } from '../ops/metrics';
import { HUB_ROOM_ALL, hubRoom, roleRoom, userRoom } from './console-rooms';
import { buildFleetDeltas, viewRoom } from './fleet-broadcaster';
import {
  INTERNAL_FAILURE,
  handshakeRefusal,
  socketAction,
  type AckResult,
  type PayloadParser,
} from './socket-actions';
import { roomsForView } from './view-rooms';

interface ConsoleSocketData {
  user: ConsoleUser;
  rooms: string[];
}

type ConsoleNamespace = Namespace<
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

/** What a console may ask over its socket, besides `view`. */
export type ConsoleAction = Exclude<keyof ConsoleClientToServer, 'view'>;
type AckOf<E extends ConsoleAction> = Parameters<Parameters<ConsoleClientToServer[E]>[1]>[0];
type PushArgs<E extends keyof ConsoleServerToClient> = Parameters<ConsoleServerToClient[E]>;

export interface ConsoleGatewayDeps {
  sessions: SessionReader;
  fleet: FleetState;
  metrics: Pick<Metrics, 'consolesConnected' | 'deltaCouriers'>;
  /** The broadcast tick (`CONSOLE_TICK_MS`). */
  tickMs: number;
  log: { error: (o: object, msg: string) => void };
}

interface ActionHandler {
  event: ConsoleAction;
  listen: (user: ConsoleUser) => (payload: unknown, ack: unknown) => void;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The `/console` namespace: a signed-in user joins its user, role and hub rooms, says what it
 * looks at (`view`), joins the res-5 rooms covering it, gets a snapshot, then one `fleet:delta`
 * per room per tick. Capabilities add their actions (`handle`) and pushes (`push`) here.
 */
export class ConsoleGateway {
  private readonly nsp: ConsoleNamespace;
  private readonly actions: ActionHandler[] = [];
  private readonly connectListeners: ((user: ConsoleUser) => void)[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    io: Server,
    private readonly deps: ConsoleGatewayDeps,
  ) {
    this.nsp = io.of(NAMESPACES.console) as unknown as ConsoleNamespace;
    this.nsp.use((socket, next) => this.authenticate(socket, next));
    this.nsp.on('connection', (socket: ConsoleSocket) => this.connected(socket));
    this.timer = setInterval(() => this.broadcastFleet(), deps.tickMs);
    this.timer.unref();
  }

  /**
   * Answers a console action for the signed-in user: the payload is validated, `run` does the
   * work, and the ack carries its result or a typed error.
   */
  handle<E extends ConsoleAction, T>(
    event: E,
    parser: PayloadParser<T>,
    run: (input: T, user: ConsoleUser) => Promise<AckResult<AckOf<E>>>,
  ): void {
    this.actions.push({
      event,
      listen: (user) =>
        socketAction(parser, (input) => run(input, user), INTERNAL_FAILURE, this.deps.log),
    });
  }

  /** Sends an event to the consoles in `rooms`, or to every console. */
  push<E extends keyof ConsoleServerToClient>(
    rooms: string | readonly string[] | 'everyone',
    event: E,
    ...args: PushArgs<E>
  ): void {
    const target = rooms === 'everyone' ? this.nsp : this.nsp.to(rooms as string | string[]);
    (target.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
  }

  /** Whether any console is in one of these rooms (work for nobody can be skipped). */
  hasAudience(rooms: readonly string[]): boolean {
    return rooms.some((room) => this.nsp.adapter.rooms.has(room));
  }

  /** Called with the user of every console that connects. */
  onConnect(listener: (user: ConsoleUser) => void): void {
    this.connectListeners.push(listener);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private authenticate(socket: ConsoleSocket, next: (err?: Error) => void): void {
    const protocol = (socket.handshake.auth as { protocol?: unknown }).protocol;
    if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
      return next(
        handshakeRefusal(
          'invalid',
          `protocol ${String(protocol)} is not supported; this server speaks ${PROTOCOL_VERSION}`,
        ),
      );
    }
    const token = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
    this.deps.sessions.userForSession(token).then(
      (user) => {
        if (!user) return next(handshakeRefusal('unauthorized', 'sign in first'));
        socket.data.user = user;
        socket.data.rooms = [];
        next();
      },
      (err: unknown) => {
        this.deps.log.error({ err }, 'console session check failed');
        next(handshakeRefusal('unavailable', 'the server cannot check the session right now'));
      },
    );
  }

  private connected(socket: ConsoleSocket): void {
    const { user } = socket.data;
    const { metrics, tickMs } = this.deps;
    metrics.consolesConnected.inc();
    void socket.join(userRoom(user.id));
    void socket.join(roleRoom(user.role));
    void socket.join(user.hubId === null ? HUB_ROOM_ALL : hubRoom(user.hubId));
    socket.on('disconnect', () => metrics.consolesConnected.dec());
    socket.emit('hello', { protocol: PROTOCOL_VERSION, user, tickMs });
    socket.on('view', (payload, ack) => this.view(socket, payload, ack));
    for (const action of this.actions) socket.on(action.event, action.listen(user));
    for (const listener of this.connectListeners) listener(user);
  }

  private view(socket: ConsoleSocket, payload: unknown, ack: unknown): void {
    const reply = typeof ack === 'function' ? (ack as (res: unknown) => void) : () => {};
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
    for (const live of this.deps.fleet.inRooms(rooms)) {
      const row = toFleetRow(live);
      if (row) snapshot.push(row);
    }
    reply({ ok: true, rooms, snapshot: encodeFleetColumns(snapshot, Date.now()) });
  }

  /** One `fleet:delta` per watched room with the couriers that changed since the last tick. */
  private broadcastFleet(): void {
    const { fleet, metrics } = this.deps;
    const changed = fleet.takeDirty();
    if (changed.size === 0) return;
    const local = this.nsp.adapter.rooms;
    for (const delta of buildFleetDeltas(fleet, changed, Date.now())) {
      const room = viewRoom(delta.room);
      if (!local.has(room)) continue;
      metrics.deltaCouriers.inc(delta.id.length);
      this.nsp.to(room).emit('fleet:delta', delta);
    }
  }
}

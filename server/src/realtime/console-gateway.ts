import type { Server } from 'socket.io';
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
  type Role,
} from '@dispatch/shared';
import { SESSION_COOKIE, type SessionReader } from '../auth/guard';
import { inHubScope } from '../auth/hub-scope';
import type { DomainBus } from '../events/bus';
import { toFleetRow, type FleetState } from '../fleet/fleet-state';
import type { Metrics } from '../ops/metrics';
import { hubAudience, hubOfRoleHubRoom, userRoom } from './console-rooms';
import {
  baseRooms,
  cookieValue,
  sameAccess,
  type ConsoleNamespace,
  type ConsoleSocket,
} from './console-socket';
import { buildFleetDeltas, viewRoomsFor } from './fleet-broadcaster';
import {
  INTERNAL_FAILURE,
  handshakeRefusal,
  socketAction,
  type AckResult,
  type PayloadParser,
} from './socket-actions';
import { roomsForView } from './view-rooms';

/** What a console may ask over its socket, besides `view`. */
export type ConsoleAction = Exclude<keyof ConsoleClientToServer, 'view'>;
type AckOf<E extends ConsoleAction> = Parameters<Parameters<ConsoleClientToServer[E]>[1]>[0];
type PushArgs<E extends keyof ConsoleServerToClient> = Parameters<ConsoleServerToClient[E]>;

export interface ConsoleGatewayDeps {
  sessions: SessionReader;
  fleet: FleetState;
  /** `sessions:ended` closes the consoles of sessions that ended. */
  bus: Pick<DomainBus, 'on'>;
  metrics: Pick<Metrics, 'consolesConnected' | 'deltaCouriers'>;
  /** The broadcast tick (`CONSOLE_TICK_MS`). */
  tickMs: number;
  /** This server node's name in a cluster, told to each console in `hello`; null alone. */
  node: string | null;
  log: { error: (o: object, msg: string) => void };
}

interface ActionHandler {
  event: ConsoleAction;
  listen: (socket: ConsoleSocket) => (payload: unknown, ack: unknown) => void;
}

/**
 * The `/console` namespace: a signed-in user joins its user, role and hub rooms, says what it
 * looks at (`view`), joins the res-5 rooms of its hub covering it, gets a snapshot of the couriers
 * it may see, then one `fleet:delta` per room per tick. Every action checks the session again and
 * runs as the user it finds; a session that ended closes its consoles. Capabilities add their
 * actions (`handle`) and pushes (`push`, `pushToHub`) here.
 */
export class ConsoleGateway {
  private readonly nsp: ConsoleNamespace;
  private readonly actions: ActionHandler[] = [];
  private readonly connectListeners: ((user: ConsoleUser) => void)[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly offSessionsEnded: () => void;

  constructor(
    io: Server,
    private readonly deps: ConsoleGatewayDeps,
  ) {
    this.nsp = io.of(NAMESPACES.console) as unknown as ConsoleNamespace;
    this.nsp.use((socket, next) => this.authenticate(socket, next));
    this.nsp.on('connection', (socket: ConsoleSocket) => this.connected(socket));
    this.timer = setInterval(() => this.broadcastFleet(), deps.tickMs);
    this.timer.unref();
    this.offSessionsEnded = deps.bus.on('sessions:ended', (userId) => this.sessionsEnded(userId));
  }

  /**
   * Answers a console action: the session is checked again, the payload validated, `run` does
   * the work as the user the session belongs to now, and the ack carries its result or a typed
   * error. An ended session is answered `unauthorized` and its console closed.
   */
  handle<E extends ConsoleAction, T>(
    event: E,
    parser: PayloadParser<T>,
    run: (input: T, user: ConsoleUser) => Promise<AckResult<AckOf<E>>>,
  ): void {
    this.actions.push({
      event,
      listen: (socket) =>
        socketAction(
          parser,
          async (input) => run(input, await this.signedInUser(socket)),
          INTERNAL_FAILURE,
          this.deps.log,
        ),
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

  /**
   * Sends an event about something of `hubId` to the consoles whose user may see that hub:
   * `null` (of no hub) reaches everyone, `undefined` (not known) only users of every hub.
   */
  pushToHub<E extends keyof ConsoleServerToClient>(
    hubId: number | null | undefined,
    event: E,
    ...args: PushArgs<E>
  ): void {
    this.push(hubAudience(hubId), event, ...args);
  }

  /**
   * The one hub these couriers belong to, from the live fleet: null when none has a hub,
   * `undefined` when one is not in the fleet (inactive, unknown) or they belong to several.
   */
  hubOfCouriers(courierIds: Iterable<number | null>): number | null | undefined {
    let hub: number | null = null;
    for (const id of courierIds) {
      if (id === null) continue;
      const live = this.deps.fleet.get(id);
      if (!live) return undefined;
      if (live.hubId === null) continue;
      if (hub !== null && hub !== live.hubId) return undefined;
      hub = live.hubId;
    }
    return hub;
  }

  /**
   * The hubs (null: every hub) of the users with one of `roles` who have a console open, for
   * pushes computed once per hub.
   */
  hubsWatchedBy(roles: readonly Role[]): (number | null)[] {
    const hubs = new Set<number | null>();
    for (const room of this.nsp.adapter.rooms.keys()) {
      for (const role of roles) {
        const hub = hubOfRoleHubRoom(room, role);
        if (hub !== undefined) hubs.add(hub);
      }
    }
    return [...hubs];
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
    this.offSessionsEnded();
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
        if (!user || !token) return next(handshakeRefusal('unauthorized', 'sign in first'));
        socket.data.token = token;
        socket.data.user = user;
        socket.data.cells = [];
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
    const { metrics, tickMs, node } = this.deps;
    metrics.consolesConnected.inc();
    this.joinRooms(socket, user);
    socket.on('disconnect', () => metrics.consolesConnected.dec());
    socket.emit('hello', { protocol: PROTOCOL_VERSION, user, tickMs, node });
    socket.on('view', (payload, ack) => this.view(socket, payload, ack));
    for (const action of this.actions) socket.on(action.event, action.listen(socket));
    for (const listener of this.connectListeners) listener(user);
  }

  /** Puts the socket in exactly the rooms its user and view call for now. */
  private joinRooms(socket: ConsoleSocket, user: ConsoleUser): void {
    const rooms = [...baseRooms(user), ...viewRoomsFor(user.hubId, socket.data.cells)];
    const next = new Set(rooms);
    for (const old of socket.data.rooms) if (!next.has(old)) void socket.leave(old);
    void socket.join(rooms);
    socket.data.rooms = rooms;
  }

  /**
   * The user of the socket's session as it is now, its rooms moved if its role or hub changed.
   * An ended session throws `unauthorized`; its console is closed once that answer is sent.
   */
  private async signedInUser(socket: ConsoleSocket): Promise<ConsoleUser> {
    const user = await this.deps.sessions.userForSession(socket.data.token);
    if (!user) {
      // After the caller's ack is written, so the console reads why before the connection closes.
      setImmediate(() => this.endSession(socket));
      throw new DomainError('unauthorized', 'your session has ended; sign in again');
    }
    if (!sameAccess(user, socket.data.user)) this.joinRooms(socket, user);
    socket.data.user = user;
    return user;
  }

  private endSession(socket: ConsoleSocket): void {
    if (!socket.connected) return;
    socket.emit('session:ended');
    socket.disconnect(true);
  }

  /**
   * Some sessions of a user ended: each of their consoles is checked; one whose session ended is
   * told and closed, one whose user's role or hub changed is closed so it reconnects with a fresh
   * picture, and one that cannot be checked is closed too (it reconnects if its session holds).
   */
  private sessionsEnded(userId: number): void {
    const ids = this.nsp.adapter.rooms.get(userRoom(userId));
    if (!ids) return;
    for (const id of [...ids]) {
      const socket = this.nsp.sockets.get(id);
      if (!socket) continue;
      this.deps.sessions.userForSession(socket.data.token).then(
        (user) => {
          if (!user) this.endSession(socket);
          else if (!sameAccess(user, socket.data.user)) socket.disconnect(true);
        },
        (err: unknown) => {
          this.deps.log.error({ err }, 'console session check failed');
          socket.disconnect(true);
        },
      );
    }
  }

  private view(socket: ConsoleSocket, payload: unknown, ack: unknown): void {
    const reply = typeof ack === 'function' ? (ack as (res: unknown) => void) : () => {};
    const parsed = viewRequestValidator.parse(payload);
    if (!parsed.ok) return reply({ ok: false, error: parsed.error });
    let cells: string[];
    try {
      cells = roomsForView(parsed.value);
    } catch (err) {
      if (err instanceof DomainError) return reply({ ok: false, error: err.toWire() });
      throw err;
    }
    this.signedInUser(socket).then(
      (user) => {
        socket.data.cells = cells;
        this.joinRooms(socket, user);
        const snapshot: FleetRow[] = [];
        for (const live of this.deps.fleet.inRooms(cells)) {
          if (!inHubScope(user, live.hubId)) continue;
          const row = toFleetRow(live);
          if (row) snapshot.push(row);
        }
        reply({ ok: true, rooms: cells, snapshot: encodeFleetColumns(snapshot, Date.now()) });
      },
      (err: unknown) => {
        if (err instanceof DomainError) return reply({ ok: false, error: err.toWire() });
        this.deps.log.error({ err }, 'console session check failed');
        reply({ ok: false, error: { code: 'unavailable', message: 'try again' } });
      },
    );
  }

  /** One `fleet:delta` per watched cell and hub with the couriers that changed since the last tick. */
  private broadcastFleet(): void {
    const { fleet, metrics } = this.deps;
    const changed = fleet.takeDirty();
    if (changed.rooms.size === 0) return;
    const local = this.nsp.adapter.rooms;
    const watched = (room: string) => local.has(room);
    for (const { rooms, delta } of buildFleetDeltas(fleet, changed, Date.now(), watched)) {
      metrics.deltaCouriers.inc(delta.id.length);
      // Every node holds the whole fleet and serves its own consoles: no relay through Redis.
      this.nsp.local.to(rooms).emit('fleet:delta', delta);
    }
  }
}

import type { Namespace, Server, Socket } from 'socket.io';
import type { DeviceClaims } from '../cluster/device-claims';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type CourierClientToServer,
  type CourierServerToClient,
} from '@dispatch/shared';
import type { Metrics } from '../ops/metrics';
import {
  handshakeRefusal,
  socketAction,
  type ActionFailure,
  type AckResult,
  type PayloadParser,
} from '../realtime/socket-actions';

interface CourierSocketData {
  courierId: number;
  /** Ping batches waiting for their ack. */
  inFlight: number;
}

export type CourierSocket = Socket<
  CourierClientToServer,
  CourierServerToClient,
  Record<string, never>,
  CourierSocketData
>;
type CourierNamespace = Namespace<
  CourierClientToServer,
  CourierServerToClient,
  Record<string, never>,
  CourierSocketData
>;

/** What a device may ask over its socket, besides sending pings. */
export type CourierAction = Exclude<keyof CourierClientToServer, 'pings'>;
type AckOf<E extends CourierAction> = Parameters<Parameters<CourierClientToServer[E]>[1]>[0];

/** The courier a device token belongs to. */
export interface DeviceTokens {
  byDeviceToken(token: string): Promise<{ courierId: number } | null>;
}

export interface CourierGatewayDeps {
  devices: DeviceTokens;
  metrics: Pick<Metrics, 'pingsRejected' | 'couriersConnected'>;
  log: { error: (o: object, msg: string) => void };
  /** In a cluster: a device connecting closes its connections on every node. Null alone. */
  claims?: DeviceClaims | null;
  /** This node's name (names the claims' holders). */
  node?: string;
}

/** The room of one courier's devices. */
export const courierRoom = (courierId: number) => `courier:${courierId}`;

/**
 * The `/courier` namespace: devices authenticate with their token at connect and report only for
 * the courier it names. Capabilities add what a device may do (`handle`, `onConnection`) and what
 * it is told (`push`).
 */
export class CourierGateway {
  private readonly nsp: CourierNamespace;
  private readonly listeners: ((socket: CourierSocket) => void)[] = [];
  private accepting = true;

  constructor(
    io: Server,
    private readonly deps: CourierGatewayDeps,
  ) {
    this.nsp = io.of(NAMESPACES.courier) as unknown as CourierNamespace;
    this.nsp.use((socket, next) => this.authenticate(socket, next));
    this.nsp.on('connection', (socket: CourierSocket) => {
      if (deps.claims) void this.takeOver(socket, deps.claims);
      else void socket.join(courierRoom(socket.data.courierId));
      deps.metrics.couriersConnected.inc();
      socket.on('disconnect', () => deps.metrics.couriersConnected.dec());
      for (const listener of this.listeners) listener(socket);
    });
  }

  /** Called with every device socket that connects. */
  onConnection(listener: (socket: CourierSocket) => void): void {
    this.listeners.push(listener);
  }

  /** Answers a device's action for its own courier, with a typed ack. */
  handle<E extends CourierAction, T>(
    event: E,
    parser: PayloadParser<T>,
    run: (input: T, courierId: number) => Promise<AckResult<AckOf<E>>>,
    failure: ActionFailure,
  ): void {
    this.onConnection((socket) => {
      const { courierId } = socket.data;
      const listener = socketAction(
        parser,
        (input) => run(input, courierId),
        failure,
        this.deps.log,
        (input) => ({
          courierId,
          ...(typeof input === 'object' && input !== null && 'stopId' in input
            ? { stopId: input.stopId }
            : {}),
        }),
      );
      // The event maps type each listener; this one validates its payload itself.
      socket.on(event, listener as never);
    });
  }

  /** Sends an event to every device of a courier. */
  push<E extends keyof CourierServerToClient>(
    courierId: number,
    event: E,
    ...args: Parameters<CourierServerToClient[E]>
  ): void {
    const target = this.nsp.to(courierRoom(courierId));
    (target.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
  }

  /** Closes every connection of a courier (its credentials changed). */
  disconnect(courierId: number): void {
    // Each node closes its own connections (in a cluster every node hears the change).
    this.nsp.local.in(courierRoom(courierId)).disconnectSockets(true);
  }

  /** Refuses devices connecting from now on (a node shutting down: they connect to another). */
  refuseConnections(): void {
    this.accepting = false;
  }

  /**
   * Makes this connection the one serving its device in the cluster: claims the device, closes
   * its other connections on every node, then joins the device's room. Of two
   * connections racing, the one whose claim came later stays (or neither: the device connects
   * again); which pings are stored does not depend on it (`writePingsOnce`).
   */
  private async takeOver(socket: CourierSocket, claims: DeviceClaims): Promise<void> {
    const { courierId } = socket.data;
    const room = courierRoom(courierId);
    const holder = `${this.deps.node ?? 'node'}:${socket.id}`;
    socket.on('disconnect', () => {
      claims.release(courierId, holder).catch(() => undefined);
    });
    try {
      await claims.claim(courierId, holder);
      if (!socket.connected) return;
      if (!(await claims.holds(courierId, holder))) return void socket.disconnect(true);
      // The adapter closes remote connections first and local ones after: spare this one.
      this.nsp.in(room).except(socket.id).disconnectSockets(true);
      await socket.join(room);
      if (!(await claims.holds(courierId, holder))) socket.disconnect(true);
    } catch (err) {
      // Without Redis the device is still served here (its pings are stored once regardless).
      this.deps.log.error({ err, courierId }, 'device claim failed');
      if (socket.connected) await socket.join(room);
    }
  }

  private authenticate(socket: CourierSocket, next: (err?: Error) => void): void {
    const { metrics } = this.deps;
    if (!this.accepting) {
      return next(
        handshakeRefusal('unavailable', 'this server is shutting down; connect again shortly'),
      );
    }
    const auth = socket.handshake.auth as { token?: unknown; protocol?: unknown };
    if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
      return next(
        handshakeRefusal(
          'invalid',
          `protocol ${String(auth.protocol)} is not supported; this server speaks ${PROTOCOL_VERSION}`,
        ),
      );
    }
    if (typeof auth.token !== 'string' || auth.token.length === 0 || auth.token.length > 200) {
      metrics.pingsRejected.inc({ reason: 'unauthorized' });
      return next(handshakeRefusal('unauthorized', 'a device token is required in auth.token'));
    }
    this.deps.devices.byDeviceToken(auth.token).then(
      (identity) => {
        if (!identity) {
          metrics.pingsRejected.inc({ reason: 'unauthorized' });
          return next(handshakeRefusal('unauthorized', 'the device token is wrong or revoked'));
        }
        socket.data.courierId = identity.courierId;
        socket.data.inFlight = 0;
        next();
      },
      () => next(handshakeRefusal('unavailable', 'the server cannot check the token right now')),
    );
  }
}

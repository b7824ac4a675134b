import type { Namespace, Server, Socket } from 'socket.io';
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

  constructor(
    io: Server,
    private readonly deps: CourierGatewayDeps,
  ) {
    this.nsp = io.of(NAMESPACES.courier) as unknown as CourierNamespace;
    this.nsp.use((socket, next) => this.authenticate(socket, next));
    this.nsp.on('connection', (socket: CourierSocket) => {
      void socket.join(courierRoom(socket.data.courierId));
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
    this.nsp.in(courierRoom(courierId)).disconnectSockets(true);
  }

  private authenticate(socket: CourierSocket, next: (err?: Error) => void): void {
    const { metrics } = this.deps;
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

import { io, type Socket } from 'socket.io-client';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type CourierClientToServer,
  type CourierServerToClient,
} from '@dispatch/shared';

/** The typed `/courier` socket of this phone. */
export type CourierSocket = Socket<CourierServerToClient, CourierClientToServer>;

/** How long the server has to answer a batch or a visit before it is tried again. */
export const ACK_TIMEOUT_MS = 10_000;

/** A socket for the paired courier, not yet connected. */
export function createCourierSocket(token: string): CourierSocket {
  return io(NAMESPACES.courier, {
    // WebSocket only: several server nodes behind a balancer need no sticky sessions.
    transports: ['websocket'],
    auth: { token, protocol: PROTOCOL_VERSION },
    autoConnect: false,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  });
}

/** The code of a refused handshake (`unauthorized` for a revoked token), if the server gave one. */
export function refusalCode(err: Error): string | undefined {
  return (err as { data?: { code?: string } }).data?.code;
}

/** The device events that are answered with an ack, and their payload and ack. */
type Answered = keyof CourierClientToServer;
export type PayloadOf<E extends Answered> = Parameters<CourierClientToServer[E]>[0];
export type AckOf<E extends Answered> = Parameters<Parameters<CourierClientToServer[E]>[1]>[0];

/** What the outbox needs of the socket: whether it is up, and a request answered by an ack. */
export interface AckChannel {
  readonly connected: boolean;
  /** The server's ack, or undefined when none came in time (or the connection dropped). */
  request<E extends Answered>(event: E, payload: PayloadOf<E>): Promise<AckOf<E> | undefined>;
}

export function ackChannel(socket: CourierSocket): AckChannel {
  return {
    get connected() {
      return socket.connected;
    },
    request<E extends Answered>(event: E, payload: PayloadOf<E>) {
      // The event map types each event's emit; this one forwards any of them.
      const emit = socket.timeout(ACK_TIMEOUT_MS).emitWithAck as (
        event: E,
        payload: PayloadOf<E>,
      ) => Promise<AckOf<E>>;
      return emit.call(socket, event, payload).catch(() => undefined);
    },
  };
}

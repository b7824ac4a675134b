import { io, type Socket } from 'socket.io-client';
import {
  NAMESPACES,
  TrackingViewSchema,
  type TrackClientToServer,
  type TrackServerToClient,
  type TrackingView,
} from '@dispatch/shared';
import type { TestServer } from './test-server';

export type TrackClient = Socket<TrackServerToClient, TrackClientToServer>;

/** Every key a tracking view may have. */
export const VIEW_KEYS = Object.keys(TrackingViewSchema.properties).sort();

/** The token of a stop's tracking link, as the customer gets it. */
export async function trackingToken(server: TestServer, stopId: number): Promise<string> {
  const url = await server.app.customers.links.linkFor(stopId);
  return url!.split('/t/')[1]!;
}

/**
 * A customer's requests from one client address (`X-Forwarded-For`, which the test server
 * trusts), so each test's tries at tokens are counted apart.
 */
export function customerAt(server: TestServer, address: string) {
  return <T = TrackingView & { code?: string; message?: string }>(
    method: string,
    path: string,
    body?: unknown,
  ) =>
    server.request<T>(method, `/api/v1/track/${path}`, {
      headers: { 'x-forwarded-for': address },
      ...(body === undefined ? {} : { body }),
    });
}

/** A tracking page's socket (not yet connected: the caller listens first, then `connect()`s). */
export function trackSocket(server: TestServer, token: unknown, address: string): TrackClient {
  return io(server.url + NAMESPACES.track, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    autoConnect: false,
    extraHeaders: { 'x-forwarded-for': address },
  });
}

/** Resolves on connect, rejects with the server's refusal. */
export function connected(socket: TrackClient): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
    socket.connect();
  });
}

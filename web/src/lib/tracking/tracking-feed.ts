import { io, type Socket } from 'socket.io-client';
import type { TrackAuth, TrackClientToServer, TrackServerToClient } from '@dispatch/shared';
import type { LiveFeed, LiveHandlers } from './tracking-page.svelte';

/** How long to wait before asking again after the server refused the connection for a while. */
const REFUSED_RETRY_MS = 60_000;

/**
 * The page's live updates: the `/track` namespace with the link's token, over WebSocket. The
 * server pushes a fresh view on connect and on every change; a link that is not valid is
 * refused at connect with `not_found`. Socket.IO reconnects by itself after a dropped
 * connection; after a refusal (too many tries) or a close by the server it is asked again a
 * minute later.
 */
export function connectTrackingFeed(token: string, on: LiveHandlers): LiveFeed {
  const auth: TrackAuth = { token };
  // NAMESPACES.track, written out: a value from the shared package would bring its schemas along.
  const socket: Socket<TrackServerToClient, TrackClientToServer> = io('/track', {
    auth,
    transports: ['websocket'],
  });
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on('tracking:update', (view) => on.update(view));
  socket.on('connect', () => on.connected());
  socket.on('disconnect', (reason) => {
    on.disconnected();
    // The server closes a page whose link expired; Socket.IO does not reconnect by itself then.
    // Asking again tells an expired link (the page turns invalid) from a restart.
    if (reason === 'io server disconnect') {
      on.closedByServer();
      retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
    }
  });
  socket.on('connect_error', (err) => {
    if (err.message === 'not_found') {
      socket.close();
      on.invalid();
      return;
    }
    on.disconnected();
    // A refusal by the namespace is not retried by Socket.IO itself.
    if (!socket.active) retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  });
  return {
    close() {
      clearTimeout(retry);
      socket.close();
    },
  };
}

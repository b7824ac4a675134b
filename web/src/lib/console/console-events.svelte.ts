import { untrack } from 'svelte';
import type { ConsoleSocket } from '../realtime/console-socket';
import type { ConsoleSession } from './console-session.svelte';

/**
 * Routes the server's pushes on `/console` into the session's state. Fleet deltas are only
 * queued here; the frame loop applies them. Returns a function that unsubscribes everything.
 */
export function wireConsoleEvents(socket: ConsoleSocket, session: ConsoleSession): () => void {
  const { fleet, alerts, suggestions, stops, route, versions, connection } = session;
  socket.on('hello', (info) => {
    fleet.tickMs = info.tickMs;
    connection.node = info.node;
  });
  socket.on('fleet:delta', (delta) => fleet.queueDelta(delta));
  socket.on('alert:changed', (alert) => alerts.upsert(alert));
  socket.on('suggestion:changed', (suggestion) => suggestions.upsert(suggestion));
  socket.on('route:changed', (change) => {
    versions.note(change.courierId, change.version);
    void route.onRouteChanged(change);
  });
  socket.on('stop:changed', (changes) => {
    const unknown = stops.applyChanges(changes);
    void route.onStopsChanged(changes);
    if (unknown.length > 0) session.loadStops().catch(() => {});
  });

  // The stream's state decides staleness: when it is not live, every position is stale.
  const stopLiveSync = $effect.root(() => {
    $effect(() => {
      const live = connection.status === 'live';
      untrack(() => fleet.setLive(live));
    });
  });
  const offline = () => connection.networkLost();
  const online = () => connection.networkRestored();
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  return () => {
    stopLiveSync();
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    for (const event of [
      'hello',
      'fleet:delta',
      'alert:changed',
      'suggestion:changed',
      'route:changed',
      'stop:changed',
    ] as const) {
      socket.off(event);
    }
  };
}

import type { AlertView } from '@dispatch/shared';

/**
 * Who hears about an alert: supervisors and admins always, dispatchers of its hub, and
 * dispatchers who work every hub. An alert without a hub goes to every dispatcher.
 */
export function alertAudience(alert: Pick<AlertView, 'hubId'>): string[] {
  const rooms = ['role:supervisor', 'role:admin', HUB_ROOM_ALL];
  rooms.push(alert.hubId === null ? 'role:dispatcher' : hubRoom(alert.hubId));
  return rooms;
}

/** The room of a hub's dispatchers. */
export function hubRoom(hubId: number): string {
  return `hub:${hubId}`;
}

/** The room of dispatchers without a hub of their own: they watch every hub. */
export const HUB_ROOM_ALL = 'hub:all';

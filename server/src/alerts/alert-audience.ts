import type { AlertView } from '@dispatch/shared';
import { HUB_ROOM_ALL, hubRoom, roleRoom } from '../realtime/console-rooms';

/**
 * Who hears about an alert: supervisors and admins always, dispatchers of its hub, and
 * dispatchers who work every hub. An alert without a hub goes to every dispatcher.
 */
export function alertAudience(alert: Pick<AlertView, 'hubId'>): string[] {
  const rooms = [roleRoom('supervisor'), roleRoom('admin'), HUB_ROOM_ALL];
  rooms.push(alert.hubId === null ? roleRoom('dispatcher') : hubRoom(alert.hubId));
  return rooms;
}

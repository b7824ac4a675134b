import type { Role } from '@dispatch/shared';

/** The room of one user's consoles. */
export function userRoom(userId: number): string {
  return `user:${userId}`;
}

/** The room of every console of users with this role. */
export function roleRoom(role: Role): string {
  return `role:${role}`;
}

/** The room of a hub's dispatchers. */
export function hubRoom(hubId: number): string {
  return `hub:${hubId}`;
}

/** The room of dispatchers without a hub of their own: they watch every hub. */
export const HUB_ROOM_ALL = 'hub:all';

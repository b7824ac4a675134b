import type { ConsoleUser, Role } from '@dispatch/shared';

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

/** The hub room a user's consoles join: their hub's, or the every-hub room. */
export function hubRoomOf(user: Pick<ConsoleUser, 'hubId'>): string {
  return user.hubId === null ? HUB_ROOM_ALL : hubRoom(user.hubId);
}

/**
 * The room of one role's consoles for one hub (`null`: users of every hub), for pushes that are
 * for some roles and scoped to a hub at once (supervisors' KPIs).
 */
export function roleHubRoom(role: Role, hubId: number | null): string {
  return `role:${role}:hub:${hubId ?? 'all'}`;
}

/** The hub a `roleHubRoom` of `role` is for (null: every hub), or `undefined` if `room` is not one. */
export function hubOfRoleHubRoom(room: string, role: Role): number | null | undefined {
  const prefix = `role:${role}:hub:`;
  if (!room.startsWith(prefix)) return undefined;
  const hub = room.slice(prefix.length);
  return hub === 'all' ? null : Number(hub);
}

/**
 * The consoles that may see something of a hub (the rule of `inHubScope`): that hub's and the
 * every-hub room for a hub, every console for something of no hub, and only consoles of every
 * hub when the hub is not known (`undefined`), so nothing reaches a hub that may not see it.
 */
export function hubAudience(hubId: number | null | undefined): string[] | 'everyone' {
  if (hubId === null) return 'everyone';
  if (hubId === undefined) return [HUB_ROOM_ALL];
  return [hubRoom(hubId), HUB_ROOM_ALL];
}

/** Splits items by the hub each belongs to (`undefined` when not known), keeping their order. */
export function groupByHub<T>(
  items: readonly T[],
  hubOf: (item: T) => number | null | undefined,
): Map<number | null | undefined, T[]> {
  const groups = new Map<number | null | undefined, T[]>();
  for (const item of items) {
    const hub = hubOf(item);
    let group = groups.get(hub);
    if (!group) groups.set(hub, (group = []));
    group.push(item);
  }
  return groups;
}

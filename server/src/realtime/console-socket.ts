import type { Namespace, Socket } from 'socket.io';
import type { ConsoleClientToServer, ConsoleServerToClient, ConsoleUser } from '@dispatch/shared';
import { hubRoomOf, roleHubRoom, roleRoom, userRoom } from './console-rooms';

/** What the gateway keeps on each console socket. */
export interface ConsoleSocketData {
  /** The session cookie's token, checked again before every action. */
  token: string;
  /** The user as of the last session check. */
  user: ConsoleUser;
  /** The res-5 cells of the current view. */
  cells: string[];
  /** The rooms the user, role and hub put the socket in, and its view rooms. */
  rooms: string[];
}

export type ConsoleNamespace = Namespace<
  ConsoleClientToServer,
  ConsoleServerToClient,
  Record<string, never>,
  ConsoleSocketData
>;
export type ConsoleSocket = Socket<
  ConsoleClientToServer,
  ConsoleServerToClient,
  Record<string, never>,
  ConsoleSocketData
>;

/** A cookie of the handshake's `Cookie` header, decoded. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The rooms a user's console is in, besides its view rooms. */
export function baseRooms(user: ConsoleUser): string[] {
  return [
    userRoom(user.id),
    roleRoom(user.role),
    hubRoomOf(user),
    roleHubRoom(user.role, user.hubId),
  ];
}

/** Whether two versions of a user see the same things (role and hub). */
export const sameAccess = (a: ConsoleUser, b: ConsoleUser) =>
  a.role === b.role && a.hubId === b.hubId;

import '@fastify/cookie';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { DomainError, type ConsoleUser, type Role } from '@dispatch/shared';
import type { SecurityLog } from '../events/event-log';
import { createHubScope, type HubScope } from './hub-scope';

/** The cookie holding a console session's token. */
export const SESSION_COOKIE = 'sid';

/** Everyone who can use the console. */
export const CONSOLE_ROLES: readonly Role[] = ['admin', 'supervisor', 'dispatcher'];

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by a guard's hook. */
    user: ConsoleUser | null;
    /** The signed-in user's hub scope, set by a guard's hook with `user`. */
    scope: HubScope;
  }
}

/** Who a session token belongs to. */
export interface SessionReader {
  userForSession(token: string | undefined): Promise<ConsoleUser | null>;
}

/**
 * `onRequest` hooks that let through signed-in users of the given roles (the one guard of all
 * routes): they run before the body is read, so a stranger's upload is refused unread.
 */
export interface Guard {
  /** Signed-in users with one of `roles`; sets `request.user` and `request.scope`. */
  require(...roles: Role[]): onRequestAsyncHookHandler;
  /** Anyone who can use the console. */
  readonly console: onRequestAsyncHookHandler;
  /** The hub scope of `user` outside a request (a socket's), refusals recorded naming `where`. */
  scopeOf(user: ConsoleUser, where: string): HubScope;
}

/** The guard of every route; cross-hub refusals are recorded in `refusals`. */
export function createGuard(sessions: SessionReader, refusals: SecurityLog): Guard {
  const scopeOf = (user: ConsoleUser, where: string) => createHubScope(user, refusals, where);
  const require = (...roles: Role[]): onRequestAsyncHookHandler =>
    async function guard(request: FastifyRequest) {
      const user = await sessions.userForSession(request.cookies[SESSION_COOKIE]);
      if (!user) throw new DomainError('unauthorized', 'sign in first');
      if (!roles.includes(user.role))
        throw new DomainError('forbidden', `this needs the role ${roles.join(' or ')}`);
      request.user = user;
      request.scope = scopeOf(user, `${request.method} ${request.routeOptions.url ?? request.url}`);
    };
  return { require, console: require(...CONSOLE_ROLES), scopeOf };
}

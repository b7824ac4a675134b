import '@fastify/cookie';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DomainError, type ConsoleUser, type Role } from '@dispatch/shared';

/** The cookie holding a console session's token. */
export const SESSION_COOKIE = 'sid';

/** Everyone who can use the console. */
export const CONSOLE_ROLES: readonly Role[] = ['admin', 'supervisor', 'dispatcher'];

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by a guard's pre-handler. */
    user: ConsoleUser | null;
  }
}

/** Who a session token belongs to. */
export interface SessionReader {
  userForSession(token: string | undefined): Promise<ConsoleUser | null>;
}

/** Pre-handlers that let through signed-in users of the given roles (the one guard of all routes). */
export interface Guard {
  /** Signed-in users with one of `roles`; sets `request.user`. */
  require(...roles: Role[]): preHandlerAsyncHookHandler;
  /** Anyone who can use the console. */
  readonly console: preHandlerAsyncHookHandler;
}

export function createGuard(sessions: SessionReader): Guard {
  const require = (...roles: Role[]): preHandlerAsyncHookHandler =>
    async function guard(request: FastifyRequest) {
      const user = await sessions.userForSession(request.cookies[SESSION_COOKIE]);
      if (!user) throw new DomainError('unauthorized', 'sign in first');
      if (!roles.includes(user.role))
        throw new DomainError('forbidden', `this needs the role ${roles.join(' or ')}`);
      request.user = user;
    };
  return { require, console: require(...CONSOLE_ROLES) };
}

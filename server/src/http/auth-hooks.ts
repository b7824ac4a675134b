import '@fastify/cookie';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DomainError, type ConsoleUser, type Role } from '@dispatch/shared';
import type { AuthService } from '../auth/auth-service';

export const SESSION_COOKIE = 'sid';

declare module 'fastify' {
  interface FastifyRequest {
    user: ConsoleUser | null;
  }
}

/** A pre-handler that lets through signed-in users with one of `roles`. */
export function requireRole(auth: AuthService, ...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const user = await auth.userForSession(request.cookies[SESSION_COOKIE]);
    if (!user) throw new DomainError('unauthorized', 'sign in first');
    if (!roles.includes(user.role))
      throw new DomainError('forbidden', `this needs the role ${roles.join(' or ')}`);
    request.user = user;
  };
}

/** Everyone who can use the console. */
export const CONSOLE_ROLES: Role[] = ['admin', 'supervisor', 'dispatcher'];

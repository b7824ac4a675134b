import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConsoleUserReplySchema, LoginRequestSchema, NoContentSchema } from '@dispatch/shared';
import type { Orm } from '../db/client';
import type { DomainBus } from '../events/bus';
import type { SecurityLog } from '../events/event-log';
import { errorResponses } from '../http/schemas';
import type { AuthService } from './auth-service';
import { SESSION_COOKIE, type Guard } from './guard';
import { SignInDesk, SignInRefused } from './sign-in';
import { SignInThrottle } from './sign-in-throttle';
import { UserAdmin } from './user-admin';
import { userRoutes } from './user-routes';

export interface AuthPluginOptions {
  auth: AuthService;
  orm: Orm;
  bus: Pick<DomainBus, 'emit'>;
  /** Where failed sign-ins and lockouts are recorded. */
  security: SecurityLog;
  guard: Guard;
  /** Session cookies only over HTTPS (`sessionCookieSecure`). */
  cookieSecure: boolean;
}

/**
 * Sign-in, sign-out and the signed-in user (anyone; sign-in limited per address and per
 * account), and console users managed by admins.
 */
export const authPlugin: FastifyPluginAsyncTypebox<AuthPluginOptions> = async (
  app,
  { auth, orm, bus, security, guard, cookieSecure },
) => {
  const desk = new SignInDesk({ auth, throttle: new SignInThrottle(), security, now: Date.now });

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the httpOnly session cookie',
        description:
          'Anyone. Attempts are limited per client address, and an account is locked for a ' +
          'while (doubling each time) after several wrong passwords in a row, even for the right ' +
          'password: 429 with `Retry-After`. Deactivated users cannot sign in.',
        body: LoginRequestSchema,
        response: { 200: ConsoleUserReplySchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      let session;
      try {
        session = await desk.signIn(request.body.email, request.body.password, request.ip);
      } catch (err) {
        if (err instanceof SignInRefused)
          void reply.header('retry-after', String(err.retryAfterSeconds));
        throw err;
      }
      const { token, user, expiresAt } = session;
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        expires: expiresAt,
      });
      return { user };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: "Sign out; ends the session (anyone; a signed-in user's console sockets close)",
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      onRequest: guard.console,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: ConsoleUserReplySchema, ...errorResponses(401) },
      },
    },
    async (request) => ({ user: request.user! }),
  );

  await app.register(userRoutes, { auth, users: new UserAdmin(orm, bus), guard });
};

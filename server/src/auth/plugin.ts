import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConsoleUserReplySchema,
  DomainError,
  LoginRequestSchema,
  NoContentSchema,
  UserCreateSchema,
} from '@dispatch/shared';
import { RateLimiter } from '../http/rate-limit';
import { errorResponses } from '../http/schemas';
import type { AuthService } from './auth-service';
import { SESSION_COOKIE, type Guard } from './guard';

export interface AuthPluginOptions {
  auth: AuthService;
  guard: Guard;
  /** Session cookies only over HTTPS (`COOKIE_SECURE`). */
  cookieSecure: boolean;
}

/**
 * Sign-in, sign-out and the signed-in user (anyone; sign-in rate-limited per address), and
 * console users created by admins.
 */
export const authPlugin: FastifyPluginAsyncTypebox<AuthPluginOptions> = async (
  app,
  { auth, guard, cookieSecure },
) => {
  const loginLimiter = new RateLimiter(20, 60_000);

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the httpOnly session cookie',
        body: LoginRequestSchema,
        response: { 200: ConsoleUserReplySchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      if (!loginLimiter.take(request.ip))
        throw new DomainError('rate_limited', 'too many sign-in attempts; wait a minute');
      const { token, user, expiresAt } = await auth.login(
        request.body.email,
        request.body.password,
      );
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
        summary: 'Sign out; ends the session',
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
      preHandler: guard.console,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: ConsoleUserReplySchema, ...errorResponses(401) },
      },
    },
    async (request) => ({ user: request.user! }),
  );

  app.post(
    '/api/v1/users',
    {
      preHandler: guard.require('admin'),
      schema: {
        tags: ['auth'],
        summary: 'Create a console user (admin)',
        body: UserCreateSchema,
        response: { 201: ConsoleUserReplySchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await auth.createUser(request.body);
      return reply.status(201).send({ user });
    },
  );
};

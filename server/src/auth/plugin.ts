import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DomainError, ROLES } from '@dispatch/shared';
import { RateLimiter } from '../http/rate-limit';
import { errorResponses } from '../http/schemas';
import type { AuthService } from './auth-service';
import { SESSION_COOKIE, type Guard } from './guard';

const UserBody = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  hubId: Type.Union([Type.Integer(), Type.Null()]),
});

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
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: UserBody }), ...errorResponses(400, 401, 429) },
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
        response: { 204: Type.Null() },
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
        response: { 200: Type.Object({ user: UserBody }), ...errorResponses(401) },
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
        body: Type.Object(
          {
            email: Type.String({ format: 'email' }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: Type.Enum(ROLES),
            password: Type.String({ minLength: 8, maxLength: 1024 }),
            hubId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: UserBody }), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await auth.createUser(request.body);
      return reply.status(201).send({ user });
    },
  );
};

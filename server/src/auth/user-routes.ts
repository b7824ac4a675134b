import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConsoleUserReplySchema,
  IdParamsSchema,
  UserCreateSchema,
  UserListSchema,
  UserPatchSchema,
  UserViewReplySchema,
} from '@dispatch/shared';
import { errorResponses } from '../http/schemas';
import type { AuthService } from './auth-service';
import { SESSION_COOKIE, type Guard } from './guard';
import { hubForNewUser, type UserAdmin } from './user-admin';

export interface UserRoutesOptions {
  auth: Pick<AuthService, 'createUser'>;
  users: UserAdmin;
  guard: Guard;
}

const PASSWORD_POLICY =
  'Passwords: at least 12 characters, not among the most common ones, not containing the part ' +
  'of the email before the @; a refusal is `invalid` with the broken rule in the `/password` detail.';

/**
 * Console users, managed by admins: an admin of every hub manages everyone; an admin bound to a
 * hub, only the users of that hub (others answer `not_found`).
 */
export const userRoutes: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (
  app,
  { auth, users, guard },
) => {
  app.get(
    '/api/v1/users',
    {
      onRequest: guard.require('admin'),
      schema: {
        tags: ['auth'],
        summary: 'Console users, by name (admins; a hub-bound admin sees their hub’s)',
        response: { 200: UserListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ users: await users.list(request.user!.hubId) }),
  );

  app.post(
    '/api/v1/users',
    {
      onRequest: guard.require('admin'),
      schema: {
        tags: ['auth'],
        summary: 'Create a console user (admins; a hub-bound admin for their hub only)',
        description: PASSWORD_POLICY,
        body: UserCreateSchema,
        response: { 201: ConsoleUserReplySchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const admin = request.user!;
      const hubId = hubForNewUser(admin.hubId, request.body.hubId);
      const user = await auth.createUser(
        { ...request.body, hubId },
        { type: 'user', id: admin.id },
      );
      return reply.status(201).send({ user });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      onRequest: guard.require('admin'),
      schema: {
        tags: ['auth'],
        summary:
          "Change a console user's name, role, hub, activity or password (admins; a hub-bound " +
          "admin, their hub's users only)",
        description:
          'A new password ends the user’s other sessions; a new role or hub, or deactivation, ' +
          'ends all of them. The last active admin cannot be demoted or deactivated (409). ' +
          PASSWORD_POLICY,
        params: IdParamsSchema,
        body: UserPatchSchema,
        response: { 200: UserViewReplySchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ({
      user: await users.update(request.params.id, request.body, {
        id: request.user!.id,
        hubId: request.user!.hubId,
        sessionToken: request.cookies[SESSION_COOKIE],
      }),
    }),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiKeyCreateSchema,
  ApiKeyCreatedSchema,
  ApiKeyListSchema,
  ApiKeyViewSchema,
  IdParamsSchema,
  ShopCreateSchema,
  ShopListSchema,
  ShopSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { ShopService } from './shop-service';

/** Who may manage shops, for the routes' descriptions. */
const WHO = 'Admins; their own hub’s shops when bound to a hub.';

/**
 * Shops and their API keys: admins only; an admin bound to a hub only for that hub's (another
 * hub's answer `not_found`).
 */
export const shopRoutes: FastifyPluginAsyncTypebox<{ shops: ShopService; guard: Guard }> = async (
  app,
  { shops, guard },
) => {
  const admins = guard.require('admin');
  const actor = (userId: number) => ({ type: 'user' as const, id: userId });

  app.post(
    '/api/v1/shops',
    {
      onRequest: admins,
      schema: {
        tags: ['shops'],
        summary: 'Create a shop that sends orders to a hub (admin)',
        description: WHO,
        body: ShopCreateSchema,
        response: { 201: ShopSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await shops.createShop(request.body, actor(request.user!.id), request.scope)),
  );

  app.get(
    '/api/v1/shops',
    {
      onRequest: admins,
      schema: {
        tags: ['shops'],
        summary: 'List shops (admin)',
        description: WHO,
        response: { 200: ShopListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ shops: await shops.listShops(request.scope) }),
  );

  app.post(
    '/api/v1/shops/:id/api-keys',
    {
      onRequest: admins,
      schema: {
        tags: ['shops'],
        summary:
          "Create an API key for a shop (admin): the key is in this answer only; its orders go to the shop's hub",
        description: WHO,
        params: IdParamsSchema,
        body: ApiKeyCreateSchema,
        response: { 201: ApiKeyCreatedSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const by = actor(request.user!.id);
      const created = await shops.createKey(
        request.params.id,
        request.body.name,
        by,
        request.scope,
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/shops/:id/api-keys',
    {
      onRequest: admins,
      schema: {
        tags: ['shops'],
        summary: "A shop's API keys, revoked ones included, without the keys themselves (admin)",
        description: WHO,
        params: IdParamsSchema,
        response: { 200: ApiKeyListSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ apiKeys: await shops.listKeys(request.params.id, request.scope) }),
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      onRequest: admins,
      schema: {
        tags: ['shops'],
        summary: 'Revoke an API key at once (admin); revoking it again changes nothing',
        description: WHO,
        params: IdParamsSchema,
        response: { 200: ApiKeyViewSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => shops.revokeKey(request.params.id, actor(request.user!.id), request.scope),
  );
};

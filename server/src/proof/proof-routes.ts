import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  IdParamsSchema,
  RecentProofListSchema,
  RecentProofQuerySchema,
  StopProofListSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { ProofReads } from './proof-reads';
import type { StopPhotos } from './stop-photos';

/**
 * What couriers recorded at stops, for the console: `GET /api/v1/stops/:id/proof`, the latest
 * completions at `GET /api/v1/stop-proofs` and the images themselves at
 * `GET /api/v1/stop-photos/:id`. Who: anyone on the console (a user bound to a hub, for that
 * hub's stops and those of no hub; others answer `not_found`); images are never public.
 */
export const proofRoutes: FastifyPluginAsyncTypebox<{
  proofs: ProofReads;
  photos: StopPhotos;
  guard: Guard;
}> = async (app, { proofs, photos, guard }) => {
  app.get(
    '/api/v1/stops/:id/proof',
    {
      onRequest: guard.console,
      schema: {
        tags: ['stops'],
        summary:
          "A stop's completions with their proof: recipient, photos and signature (console URLs), code checked, reason of a failed attempt, where and when",
        description: 'Dispatchers, supervisors, admins; a stop of their own hub or of no hub.',
        params: IdParamsSchema,
        response: { 200: StopProofListSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => proofs.ofStop(request.params.id, request.scope),
  );

  app.get(
    '/api/v1/stop-proofs',
    {
      onRequest: guard.console,
      schema: {
        tags: ['stops'],
        summary:
          "Completions (deliveries and failed attempts) with their proof since a time, the latest first: one courier's (?courierId=) or one hub's (?hubId=)",
        description:
          'Dispatchers, supervisors, admins; their own hub’s stops and those of no hub (another hub’s ?hubId= answers 404).',
        querystring: RecentProofQuerySchema,
        response: { 200: RecentProofListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => proofs.recent(request.query, request.scope),
  );

  app.get(
    '/api/v1/stop-photos/:id',
    {
      onRequest: guard.console,
      schema: {
        tags: ['stops'],
        summary: 'The bytes of a photo or signature taken at a stop (console session only)',
        description:
          'Dispatchers, supervisors, admins; a photo of a stop of their own hub or of no hub.',
        params: IdParamsSchema,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const image = await photos.image(request.params.id, request.scope);
      return reply
        .header('content-type', image.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('content-security-policy', "default-src 'none'")
        .header('content-disposition', 'inline')
        .send(Buffer.from(image.bytes));
    },
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CourierOsmAndSecretSchema, IdParamsSchema, NoContentSchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { OsmAndSecrets } from './osmand-secrets';

/**
 * Where trackers send their fixes: the public URL's host on the OsmAnd port, or null when the
 * server was not told its public URL (the console then uses the host it was opened on).
 */
export function osmandEndpoint(publicUrl: string | undefined, port: number): string | null {
  if (!publicUrl) return null;
  const url = new URL(publicUrl);
  return `http://${url.hostname}:${port}`;
}

export interface OsmAndSecretRoutesOptions {
  secrets: Pick<OsmAndSecrets, 'issue' | 'revoke'>;
  guard: Guard;
  /** Where trackers send fixes: the OsmAnd port, and its URL when the public host is known. */
  osmand: { url: string | null; port: number };
}

/**
 * Issuing, rotating and revoking a courier's OsmAnd tracker secret. Who: admins, for couriers of
 * any hub (the same reach as creating couriers and rotating device tokens).
 */
export const osmandSecretRoutes: FastifyPluginAsyncTypebox<OsmAndSecretRoutesOptions> = async (
  app,
  { secrets, guard, osmand },
) => {
  const admin = guard.require('admin');

  app.post(
    '/api/v1/couriers/:id/osmand-secret',
    {
      onRequest: admin,
      schema: {
        tags: ['couriers'],
        summary:
          'Admins: issue or rotate the OsmAnd tracker secret; returned once, the old one stops working',
        description:
          'Traccar Client and GPS trackers send the secret as their device id (`id`) to the OsmAnd port. Only its SHA-256 is stored.',
        params: IdParamsSchema,
        response: { 200: CourierOsmAndSecretSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const issued = await secrets.issue(request.params.id, {
        type: 'user',
        id: request.user!.id,
      });
      return {
        id: request.params.id,
        secret: issued.secret,
        issuedAt: issued.issuedAt.getTime(),
        osmandUrl: osmand.url,
        osmandPort: osmand.port,
      };
    },
  );

  app.delete(
    '/api/v1/couriers/:id/osmand-secret',
    {
      onRequest: admin,
      schema: {
        tags: ['couriers'],
        summary: "Admins: revoke the OsmAnd tracker secret; the courier's tracker is refused",
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await secrets.revoke(request.params.id, { type: 'user', id: request.user!.id });
      return reply.status(204).send(null);
    },
  );
};

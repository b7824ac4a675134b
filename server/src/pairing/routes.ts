import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema, PairingCodeReplySchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import { pairingUrl } from './pairing-code';
import type { PairingService } from './pairing-service';

export interface PairingRoutesOptions {
  pairing: Pick<PairingService, 'createCode'>;
  guard: Guard;
  /** Where phones reach this server (`PUBLIC_URL`); null: the address the console used. */
  publicUrl: string | null;
}

/**
 * `POST /api/v1/couriers/:id/pairing`: a one-time code and the link a phone opens to pair with
 * the courier. Who: dispatchers, supervisors and admins, for couriers of their own hub when they
 * are bound to one.
 */
export const pairingRoutes: FastifyPluginAsyncTypebox<PairingRoutesOptions> = async (
  app,
  { pairing, guard, publicUrl },
) => {
  app.post(
    '/api/v1/couriers/:id/pairing',
    {
      onRequest: guard.require('dispatcher', 'supervisor', 'admin'),
      schema: {
        tags: ['pairing'],
        summary:
          "Make a one-time code (10 minutes, single use) that pairs a phone with this courier; the courier's earlier unused codes stop working",
        description: 'Dispatchers, supervisors, admins; a courier of their own hub or of no hub.',
        params: IdParamsSchema,
        response: { 201: PairingCodeReplySchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { code, expiresAt } = await pairing.createCode(
        request.params.id,
        request.user!,
        request.scope,
      );
      // Without PUBLIC_URL the link points where this console reached the server (a laptop).
      const base = publicUrl ?? `${request.protocol}://${request.host}`;
      return reply.status(201).send({ code, url: pairingUrl(base, code), expiresAt });
    },
  );
};

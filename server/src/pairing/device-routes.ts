import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeviceProfileSchema,
  DomainError,
  PairReplySchema,
  PairRequestSchema,
} from '@dispatch/shared';
import type { FleetState } from '../fleet/fleet-state';
import { RateLimiter } from '../http/rate-limit';
import { errorResponses } from '../http/schemas';
import type { DeviceTokens } from '../ingest/courier-gateway';
import { deviceCourierId } from './device-auth';
import type { PairingService } from './pairing-service';

/** Pairing attempts one address may make per minute: a person typing, not a guesser. */
const PAIR_ATTEMPTS_PER_MINUTE = 10;

export interface DeviceRoutesOptions {
  pairing: Pick<PairingService, 'pair' | 'deviceCourier'>;
  devices: DeviceTokens;
  fleet: Pick<FleetState, 'get'>;
}

/**
 * A phone's side of pairing: exchanging a one-time code for a device token (anyone, rate-limited
 * per address), and the profile its token belongs to (a device, with its token as bearer).
 */
export const deviceRoutes: FastifyPluginAsyncTypebox<DeviceRoutesOptions> = async (
  app,
  { pairing, devices, fleet },
) => {
  const pairLimiter = new RateLimiter(PAIR_ATTEMPTS_PER_MINUTE, 60_000);

  app.post(
    '/api/v1/device/pair',
    {
      schema: {
        tags: ['pairing'],
        summary:
          "Exchange a one-time pairing code for a new device token; the courier's previous phone is signed out",
        security: [],
        body: PairRequestSchema,
        response: { 200: PairReplySchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      if (!pairLimiter.take(request.ip))
        throw new DomainError('rate_limited', 'too many pairing attempts; wait a minute');
      return pairing.pair(request.body.code);
    },
  );

  app.get(
    '/api/v1/device/me',
    {
      schema: {
        tags: ['pairing'],
        summary:
          'The courier and hub a device token belongs to (`Authorization: Bearer <deviceToken>`)',
        security: [{ deviceToken: [] }],
        response: { 200: DeviceProfileSchema, ...errorResponses(401) },
      },
    },
    async (request) => {
      const courierId = await deviceCourierId(request, devices);
      const found = await pairing.deviceCourier(courierId);
      if (!found) throw new DomainError('unauthorized', 'this device token is no longer valid');
      const { hub, ...courier } = found;
      // The live status (shift controls, arrivals) is newer than the stored one.
      return {
        courier: { ...courier, status: fleet.get(courierId)?.status ?? courier.status },
        hub,
      };
    },
  );
};

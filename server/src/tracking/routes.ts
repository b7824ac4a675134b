import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  DomainError,
  RescheduleOptionsSchema,
  RescheduleRequestSchema,
  TrackingInstructionsSchema,
  TrackingMapSchema,
  TrackingViewSchema,
  type TrackingView,
} from '@dispatch/shared';
import { errorResponses } from '../http/schemas';
import type { StreetGeoJSON, StreetNetwork } from '../streets/network';
import type { CustomerChanges } from './customer-changes';
import { NOT_A_LINK, retryAfterOf, type TrackingGate } from './tracking-gate';
import type { TrackedView } from './tracking-reads';

const TokenParams = Type.Object({ token: Type.String() });

export interface TrackingRoutesOptions {
  gate: TrackingGate;
  /** A stop's view now; null when it is gone. */
  viewOf: (stopId: number) => Promise<TrackedView | null>;
  changes: CustomerChanges;
  /** The street network the console draws, if any. */
  streets: StreetNetwork | null;
  mapStyleUrl: string | null;
}

/**
 * The tracking page's REST side. Who: anyone holding a stop's link (`/t/<token>`); no login, the
 * token is the credential and opens that one stop only. Unknown, expired and malformed tokens
 * answer the same `not_found`; an address trying too many gets `rate_limited`.
 */
export const trackingRoutes: FastifyPluginAsyncTypebox<TrackingRoutesOptions> = async (
  app,
  { gate, viewOf, changes, streets, mapStyleUrl },
) => {
  let streetsJson: StreetGeoJSON | null = null;

  const open = async (
    request: FastifyRequest<{ Params: { token: string } }>,
    reply: FastifyReply,
  ) => {
    try {
      return await gate.open(request.params.token, request.ip);
    } catch (err) {
      const wait = retryAfterOf(err);
      if (wait !== null) reply.header('retry-after', String(wait));
      throw err;
    }
  };
  const view = async (stopId: number, reply: FastifyReply): Promise<TrackingView> => {
    const found = await viewOf(stopId);
    if (!found || found.expired) throw new DomainError('not_found', NOT_A_LINK);
    // What the customer sees of their own delivery: never kept by shared caches.
    reply.header('cache-control', 'no-store');
    return found.view;
  };

  app.get(
    '/api/v1/track/:token',
    {
      schema: {
        tags: ['tracking'],
        summary: "The customer's view of their delivery (the link's token is the credential)",
        params: TokenParams,
        response: { 200: TrackingViewSchema, ...errorResponses(404, 429) },
      },
    },
    async (request, reply) => view(await open(request, reply), reply),
  );

  app.put(
    '/api/v1/track/:token/instructions',
    {
      schema: {
        tags: ['tracking'],
        summary:
          'Leave the courier instructions (until the courier arrives; 409 after); answers the new view',
        params: TokenParams,
        body: TrackingInstructionsSchema,
        response: { 200: TrackingViewSchema, ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const stopId = await open(request, reply);
      await changes.instruct(stopId, request.body);
      return view(stopId, reply);
    },
  );

  app.get(
    '/api/v1/track/:token/reschedule-options',
    {
      schema: {
        tags: ['tracking'],
        summary:
          "The hub's windows on the next 7 days the delivery may move to, with room left, and collecting at the hub (409 when it may not move)",
        params: TokenParams,
        response: { 200: RescheduleOptionsSchema, ...errorResponses(404, 409, 429) },
      },
    },
    async (request, reply) => {
      const stopId = await open(request, reply);
      reply.header('cache-control', 'no-store');
      return changes.options(stopId);
    },
  );

  app.post(
    '/api/v1/track/:token/reschedule',
    {
      schema: {
        tags: ['tracking'],
        summary:
          'Move the delivery to an offered window, or collect it at the hub; answers the new view (409 when it may not move or the window is full)',
        params: TokenParams,
        body: RescheduleRequestSchema,
        response: { 200: TrackingViewSchema, ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const stopId = await open(request, reply);
      await changes.reschedule(stopId, request.body);
      return view(stopId, reply);
    },
  );

  app.get(
    '/api/v1/track/:token/map',
    {
      schema: {
        tags: ['tracking'],
        summary: 'What the page draws its basemap from: the map style and the streets, when set up',
        params: TokenParams,
        response: { 200: TrackingMapSchema, ...errorResponses(404, 429) },
      },
    },
    async (request, reply) => {
      await open(request, reply);
      const token = encodeURIComponent(request.params.token);
      return { mapStyleUrl, streetsUrl: streets ? `/api/v1/track/${token}/streets` : null };
    },
  );

  app.get(
    '/api/v1/track/:token/streets',
    {
      schema: {
        tags: ['tracking'],
        summary: 'The street network as GeoJSON lines, as the console draws it (404 without one)',
        params: TokenParams,
      },
    },
    async (request, reply) => {
      await open(request, reply);
      if (!streets) throw new DomainError('not_found', 'this server has no street network');
      streetsJson ??= streets.toGeoJSON();
      reply.header('cache-control', 'private, max-age=3600');
      return streetsJson;
    },
  );
};

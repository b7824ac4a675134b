import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DomainError,
  IdParamsSchema,
  RoutePayloadSchema,
  StopImportResultSchema,
  StopImportSchema,
  StopListQuerySchema,
  StopListSchema,
  StopSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import { parseCsvImport } from './stop-import';
import type { StopRow, StopService } from './stop-service';

function stopBody(r: StopRow) {
  return {
    id: r.id,
    hubId: r.hubId,
    kind: r.kind,
    orderRef: r.orderRef,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    cell: r.cell,
    windowStart: r.windowStart.getTime(),
    windowEnd: r.windowEnd.getTime(),
    serviceSeconds: r.serviceSeconds,
    demand: r.demand,
    slaTier: r.slaTier,
    status: r.status,
    courierId: r.courierId,
    sequence: r.sequence,
    routeVersion: r.routeVersion,
    attempts: r.attempts,
    eta: r.eta ? r.eta.getTime() : null,
  };
}

/**
 * Stop import (JSON or CSV, all or nothing; admins and dispatchers), listing and couriers'
 * remaining routes (anyone on the console).
 */
export const stopRoutes: FastifyPluginAsyncTypebox<{ stops: StopService; guard: Guard }> = async (
  app,
  { stops, guard },
) => {
  const importers = guard.require('admin', 'dispatcher');
  const anyone = guard.console;

  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/stops',
    {
      preHandler: importers,
      bodyLimit: 20 * 1024 * 1024,
      // Validation problems are reported per stop by the service, not just the first one.
      attachValidation: true,
      schema: {
        tags: ['stops'],
        summary: 'Import stops from JSON: all are created, or none (each bad stop is named)',
        body: StopImportSchema,
        response: { 201: StopImportResultSchema, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      const list =
        typeof body === 'object' &&
        body !== null &&
        Array.isArray((body as { stops?: unknown }).stops)
          ? (body as { stops: unknown[] }).stops
          : null;
      if (!list) throw new DomainError('invalid', 'body must be { "stops": [ ... ] }');
      const rows = await stops.importStops(list, { type: 'user', id: request.user!.id });
      return reply.status(201).send({ imported: rows.length, ids: rows.map((r) => r.id) });
    },
  );

  app.post(
    '/api/v1/stops/import',
    {
      preHandler: importers,
      schema: {
        tags: ['stops'],
        summary:
          'Import stops from CSV (Content-Type: text/csv; header: order_ref,kind,address,lat,lng,window_start,window_end,service_seconds,demand,sla_tier,hub_id,courier_id). All or nothing; errors name the line.',
        consumes: ['text/csv'],
        response: { 201: StopImportResultSchema, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string')
        throw new DomainError('invalid', 'send the CSV with Content-Type: text/csv');
      const items = parseCsvImport(request.body);
      const rows = await stops.importStops(items, { type: 'user', id: request.user!.id });
      return reply.status(201).send({ imported: rows.length, ids: rows.map((r) => r.id) });
    },
  );

  app.get(
    '/api/v1/stops',
    {
      preHandler: anyone,
      schema: {
        tags: ['stops'],
        summary: 'List stops, soonest window end first',
        querystring: StopListQuerySchema,
        response: { 200: StopListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await stops.list({
        limit: q.limit,
        offset: q.offset,
        ...(q.status ? { status: q.status } : {}),
        ...(q.courierId ? { courierId: q.courierId } : {}),
        ...(q.hubId ? { hubId: q.hubId } : {}),
      });
      return { stops: rows.map(stopBody) };
    },
  );

  app.get(
    '/api/v1/stops/:id',
    {
      preHandler: anyone,
      schema: {
        tags: ['stops'],
        summary: 'One stop',
        params: IdParamsSchema,
        response: { 200: StopSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const row = await stops.get(request.params.id);
      if (!row) throw new DomainError('not_found', `stop ${request.params.id} does not exist`);
      return stopBody(row);
    },
  );
  app.get(
    '/api/v1/couriers/:id/route',
    {
      preHandler: anyone,
      schema: {
        tags: ['couriers'],
        summary: "A courier's remaining route with its version",
        params: IdParamsSchema,
        response: { 200: RoutePayloadSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => stops.route(request.params.id),
  );
};

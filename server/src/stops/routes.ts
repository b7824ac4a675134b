import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DomainError,
  IdParamsSchema,
  RoutePayloadSchema,
  StopImportQuerySchema,
  StopImportResultSchema,
  StopImportSchema,
  StopListQuerySchema,
  StopListSchema,
  StopSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import { parseCsvImport } from './stop-import';
import { stopAdminRoutes } from './admin-routes';
import { STOP_IMPORT_BODY_LIMIT_BYTES } from './import-limits';
import { stopBody } from './stop-body';
import type { StopEditor } from './stop-editor';
import type { StopService } from './stop-service';

/**
 * Stop import (JSON or CSV, all or nothing; admins and dispatchers), listing and couriers'
 * remaining routes (anyone on the console). A user bound to a hub works on that hub's stops
 * and those without a hub; anything of another hub answers `not_found`.
 */
export const stopRoutes: FastifyPluginAsyncTypebox<{
  stops: StopService;
  editor: StopEditor;
  guard: Guard;
}> = async (app, { stops, editor, guard }) => {
  const importers = guard.require('admin', 'dispatcher');
  const anyone = guard.console;

  app.addContentTypeParser(
    'text/csv',
    // Routes that take a CSV raise their body limit to STOP_IMPORT_BODY_LIMIT_BYTES themselves.
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  // Registered inside so the CSV body parser applies to the preview too.
  await app.register(stopAdminRoutes, { stops, editor, guard });

  app.post(
    '/api/v1/stops',
    {
      onRequest: importers,
      bodyLimit: STOP_IMPORT_BODY_LIMIT_BYTES,
      // Validation problems are reported per stop by the service, not just the first one.
      attachValidation: true,
      schema: {
        tags: ['stops'],
        summary:
          'Import stops from JSON: all are created, or none (each bad stop is named); ?hubId= for stops naming no hub',
        description:
          'Admins and dispatchers; their own hub (a user bound to a hub imports into it when no hub is named; another hub answers 404).',
        querystring: StopImportQuerySchema,
        body: StopImportSchema,
        response: { 201: StopImportResultSchema, ...errorResponses(400, 401, 403, 404, 413) },
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
      const { scope } = request;
      const items = await stops.withImportDefaults(list, request.query.hubId, scope);
      const rows = await stops.importStops(items, { type: 'user', id: request.user!.id }, scope);
      return reply.status(201).send({ imported: rows.length, ids: rows.map((r) => r.id) });
    },
  );

  app.post(
    '/api/v1/stops/import',
    {
      onRequest: importers,
      bodyLimit: STOP_IMPORT_BODY_LIMIT_BYTES,
      schema: {
        tags: ['stops'],
        summary:
          'Import stops from CSV (Content-Type: text/csv; header: order_ref,kind,address,lat,lng,window_start,window_end,service_seconds,demand,sla_tier,hub_id,courier_id). All or nothing; errors name the line. ?hubId= for rows naming no hub; times without an offset are in the hub’s time zone.',
        description:
          'Admins and dispatchers; their own hub (a user bound to a hub imports into it when no hub is named; another hub answers 404).',
        consumes: ['text/csv'],
        querystring: StopImportQuerySchema,
        response: { 201: StopImportResultSchema, ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string')
        throw new DomainError('invalid', 'send the CSV with Content-Type: text/csv');
      const { scope } = request;
      const csv = parseCsvImport(request.body);
      const items = await stops.withImportDefaults(csv, request.query.hubId, scope);
      const rows = await stops.importStops(items, { type: 'user', id: request.user!.id }, scope);
      return reply.status(201).send({ imported: rows.length, ids: rows.map((r) => r.id) });
    },
  );

  app.get(
    '/api/v1/stops',
    {
      onRequest: anyone,
      schema: {
        tags: ['stops'],
        summary: 'List stops, soonest window end first',
        description:
          'Dispatchers, supervisors, admins; their own hub’s stops and those without a hub (another hub’s ?hubId= answers 404).',
        querystring: StopListQuerySchema,
        response: { 200: StopListSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.hubId) request.scope.assert(q.hubId, { type: 'hub', id: q.hubId });
      const rows = await stops.list({
        scope: request.scope,
        limit: q.limit,
        offset: q.offset,
        ...(q.status ? { status: q.status } : {}),
        ...(q.courierId ? { courierId: q.courierId } : {}),
        ...(q.hubId ? { hubId: q.hubId } : {}),
        ...(q.noHub ? { noHub: true } : {}),
      });
      return { stops: rows.map(stopBody) };
    },
  );

  app.get(
    '/api/v1/stops/:id',
    {
      onRequest: anyone,
      schema: {
        tags: ['stops'],
        summary: 'One stop',
        description: 'Dispatchers, supervisors, admins; a stop of their own hub or without a hub.',
        params: IdParamsSchema,
        response: { 200: StopSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const row = await stops.get(request.params.id);
      if (!row) throw new DomainError('not_found', `stop ${request.params.id} does not exist`);
      request.scope.assert(row.hubId, { type: 'stop', id: row.id });
      return stopBody(row);
    },
  );
  app.get(
    '/api/v1/couriers/:id/route',
    {
      onRequest: anyone,
      schema: {
        tags: ['couriers'],
        summary: "A courier's remaining route with its version",
        description: 'Dispatchers, supervisors, admins; a courier of their own hub.',
        params: IdParamsSchema,
        response: { 200: RoutePayloadSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => stops.route(request.params.id, request.scope),
  );
};

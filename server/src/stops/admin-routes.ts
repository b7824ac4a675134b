import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DomainError,
  IdParamsSchema,
  StopHubAssignResultSchema,
  StopHubAssignSchema,
  StopImportPreviewSchema,
  StopImportQuerySchema,
  StopPatchSchema,
  StopSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import { STOP_IMPORT_BODY_LIMIT_BYTES } from './import-limits';
import { stopBody } from './stop-body';
import type { StopEditor } from './stop-editor';
import { parseCsvImport } from './stop-import';
import type { StopService } from './stop-service';

/**
 * The import screen's dry run (admins and dispatchers, as the import itself), editing a stop not
 * yet completed and giving unassigned stops a hub (dispatchers, supervisors and admins; a user
 * tied to a hub only for that hub's stops and stops without a hub).
 */
export const stopAdminRoutes: FastifyPluginAsyncTypebox<{
  stops: StopService;
  editor: StopEditor;
  guard: Guard;
}> = async (app, { stops, editor, guard }) => {
  const importers = guard.require('admin', 'dispatcher');
  const editors = guard.require('dispatcher', 'supervisor', 'admin');

  app.post(
    '/api/v1/stops/import/preview',
    {
      onRequest: importers,
      bodyLimit: STOP_IMPORT_BODY_LIMIT_BYTES,
      schema: {
        tags: ['stops'],
        summary:
          'Dry run of a CSV import: the rows as they would be stored and every problem (line, column, message); writes nothing',
        description:
          'Admins and dispatchers; their own hub (into theirs when no hub is named; another hub answers 404).',
        consumes: ['text/csv'],
        querystring: StopImportQuerySchema,
        response: { 200: StopImportPreviewSchema, ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    async (request) => {
      if (typeof request.body !== 'string')
        throw new DomainError('invalid', 'send the CSV with Content-Type: text/csv');
      const { scope } = request;
      const csv = parseCsvImport(request.body);
      const items = await stops.withImportDefaults(csv, request.query.hubId, scope);
      return stops.previewImport(items, scope);
    },
  );

  app.patch(
    '/api/v1/stops/:id',
    {
      onRequest: editors,
      schema: {
        tags: ['stops'],
        summary:
          "Edit a stop not yet completed; one on a route stays there and the route's version goes up (a new hub only while unassigned)",
        description:
          'Dispatchers, supervisors, admins; a stop of their own hub or without a hub (another hub’s answers 404).',
        params: IdParamsSchema,
        body: StopPatchSchema,
        response: { 200: StopSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      stopBody(await editor.edit(request.params.id, request.body, request.user!, request.scope)),
  );

  app.post(
    '/api/v1/stops/:id/cancel',
    {
      onRequest: editors,
      schema: {
        tags: ['stops'],
        summary: 'Cancel a stop not yet completed; one on a route leaves it (409 names its status)',
        description:
          'Dispatchers, supervisors, admins; a stop of their own hub or without a hub (another hub’s answers 404).',
        params: IdParamsSchema,
        response: { 200: StopSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) =>
      stopBody(await editor.cancel(request.params.id, request.user!, request.scope)),
  );

  app.post(
    '/api/v1/stops/hub',
    {
      onRequest: editors,
      schema: {
        tags: ['stops'],
        summary: 'Give unassigned stops a hub, so they can be planned (all or none)',
        description:
          'Dispatchers, supervisors, admins; their own hub, for its stops and those without a hub (anything of another hub answers 404).',
        body: StopHubAssignSchema,
        response: { 200: StopHubAssignResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { stopIds, hubId } = request.body;
      const rows = await editor.assignHub(stopIds, hubId, request.user!, request.scope);
      return { updated: rows.length, ids: rows.map((r) => r.id) };
    },
  );
};

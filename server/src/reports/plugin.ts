import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CourierDayReportSchema, IdParamsSchema, ReportQuerySchema } from '@dispatch/shared';
import type { FastifyReply } from 'fastify';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { CsvFile, ReportService } from './report-service';

/** Who may read a hub's reports, for the routes' descriptions. */
const WHO = 'Dispatchers, supervisors, admins; their own hub.';

function sendCsv(reply: FastifyReply, file: CsvFile) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/**
 * A hub's day for the office: every stop as CSV, and per courier stops done, on-time share, km and
 * idle time (JSON or CSV). Who: dispatchers, supervisors and admins; a user bound to a hub only
 * for that hub (another answers `not_found`).
 */
export const reportsPlugin: FastifyPluginAsyncTypebox<{
  reports: ReportService;
  guard: Guard;
}> = async (app, { reports, guard }) => {
  const readers = guard.require('dispatcher', 'supervisor', 'admin');
  const csvSchema = (summary: string) => ({
    tags: ['reports'],
    summary,
    description: WHO,
    params: IdParamsSchema,
    querystring: ReportQuerySchema,
    produces: ['text/csv'],
    response: { ...errorResponses(400, 401, 403, 404) },
  });

  app.get(
    '/api/v1/hubs/:id/export.csv',
    {
      onRequest: readers,
      schema: csvSchema(
        "The hub's stops of a day (?date=YYYY-MM-DD in the hub's time zone, today by default) as CSV: courier, window, ETA, arrival, completion, outcome, minutes late, failure reason, attempts",
      ),
    },
    async (request, reply) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      return sendCsv(reply, await reports.dayExport(request.params.id, request.query.date));
    },
  );

  app.get(
    '/api/v1/hubs/:id/couriers-report',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        summary:
          "Per courier of a hub's day: stops done, on-time share, failed, km driven, idle minutes",
        description: WHO,
        params: IdParamsSchema,
        querystring: ReportQuerySchema,
        response: { 200: CourierDayReportSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      return reports.courierReport(request.params.id, request.query.date);
    },
  );

  app.get(
    '/api/v1/hubs/:id/couriers-report.csv',
    {
      onRequest: readers,
      schema: csvSchema("Per courier of a hub's day, as CSV"),
    },
    async (request, reply) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      return sendCsv(reply, await reports.courierReportCsv(request.params.id, request.query.date));
    },
  );
};

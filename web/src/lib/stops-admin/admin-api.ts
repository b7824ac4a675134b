import type {
  CourierDayReport,
  ErrorCode,
  Stop,
  StopHubAssignResult,
  StopImportPreview,
  StopImportResult,
  StopInput,
  StopList,
  StopPatch,
} from '@dispatch/shared';
import { ApiError } from '../api';

/** The import, queue, edit and report routes the office pages use. */

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
};

async function send<T>(
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: { json: unknown } | { csv: string },
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: string | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = 'text/csv';
    payload = body.csv;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', headers, body: payload });
  } catch {
    throw new ApiError('unavailable', 'the server cannot be reached');
  }
  if (!response.ok) {
    const wire = (await response.json().catch(() => null)) as {
      code?: ErrorCode;
      message?: string;
      details?: { path: string; message: string }[];
    } | null;
    if (wire && typeof wire.code === 'string' && typeof wire.message === 'string')
      throw new ApiError(wire.code, wire.message, response.status, wire.details);
    throw new ApiError(
      CODE_BY_STATUS[response.status] ?? 'internal',
      `${response.status} ${response.statusText}`.trim(),
      response.status,
    );
  }
  return (await response.json()) as T;
}

const hubQuery = (hubId: number | null) => (hubId === null ? '' : `?hubId=${hubId}`);

/** The server's dry run of a CSV import: rows as read, and every problem. */
export const previewCsvImport = (csv: string, hubId: number | null) =>
  send<StopImportPreview>('POST', `/api/v1/stops/import/preview${hubQuery(hubId)}`, { csv });

/** Imports a CSV, all or nothing. */
export const importCsv = (csv: string, hubId: number | null) =>
  send<StopImportResult>('POST', `/api/v1/stops/import${hubQuery(hubId)}`, { csv });

/** Creates one stop. */
export const createStop = (stop: StopInput) =>
  send<StopImportResult>('POST', '/api/v1/stops', { json: { stops: [stop] } });

/** Edits a stop not yet completed. */
export const editStop = (stopId: number, patch: StopPatch) =>
  send<Stop>('PATCH', `/api/v1/stops/${stopId}`, { json: patch });

/** Gives unassigned stops a hub. */
export const assignHub = (stopIds: number[], hubId: number) =>
  send<StopHubAssignResult>('POST', '/api/v1/stops/hub', { json: { stopIds, hubId } });

/** Unassigned stops: of one hub, without a hub (`'none'`), or all. */
export async function fetchUnassigned(hub: number | 'none' | 'all'): Promise<Stop[]> {
  const query = new URLSearchParams({ status: 'unassigned', limit: '5000' });
  if (hub === 'none') query.set('noHub', 'true');
  else if (hub !== 'all') query.set('hubId', String(hub));
  return (await send<StopList>('GET', `/api/v1/stops?${query}`)).stops;
}

/** Per-courier figures of a hub's day. */
export const fetchCourierReport = (hubId: number, date: string) =>
  send<CourierDayReport>('GET', `/api/v1/hubs/${hubId}/couriers-report?date=${date}`);

/** Where the day's files download from. */
export const reportLinks = (hubId: number, date: string) => ({
  stops: `/api/v1/hubs/${hubId}/export.csv?date=${date}`,
  couriers: `/api/v1/hubs/${hubId}/couriers-report.csv?date=${date}`,
});

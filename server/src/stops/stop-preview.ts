import { DEFAULT_STOP_KIND, type StopPreviewRow } from '@dispatch/shared';
import { instantOf } from './stop-checks';
import { lineOf } from './stop-import';

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * One import row as it would be stored, for the preview table: the defaults an import applies
 * (kind, service time, demand, SLA tier), times as epoch ms, null where a cell cannot be read.
 */
export function previewRow(item: unknown): StopPreviewRow {
  const r = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  return {
    line: lineOf(item),
    orderRef: text(r.orderRef),
    kind: text(r.kind) ?? DEFAULT_STOP_KIND,
    address: text(r.address),
    lat: num(r.lat),
    lng: num(r.lng),
    windowStart: instantOf(r.windowStart),
    windowEnd: instantOf(r.windowEnd),
    serviceSeconds: r.serviceSeconds === undefined ? 120 : num(r.serviceSeconds),
    demand: r.demand === undefined ? 1 : num(r.demand),
    slaTier: text(r.slaTier) ?? 'same_day',
    hubId: num(r.hubId),
    courierId: num(r.courierId),
  };
}

import { inArray } from 'drizzle-orm';
import { DEFAULT_STOP_KIND, DomainError, type StopInput, type WireError } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { couriers, hubs, stops } from '../db/schema';
import { parseCsv } from './csv';
import { csvColumns, csvRecordToStop, instantMs, stopInputValidator } from './stop-input';

/** Parses CSV text into stop objects, or throws `invalid` naming each bad line. */
export function parseCsvImport(text: string): unknown[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    throw new DomainError('invalid', (e as Error).message);
  }
  const [header, ...rows] = records;
  if (!header) throw new DomainError('invalid', 'the CSV is empty');
  let columns;
  try {
    columns = csvColumns(header.fields);
  } catch (e) {
    throw new DomainError('invalid', `line 1: ${(e as Error).message}`);
  }
  if (rows.length === 0) throw new DomainError('invalid', 'the CSV has a header but no stops');
  return rows.map((r) => ({ ...csvRecordToStop(columns, r.fields), [LINE]: r.line }));
}

/**
 * Checks each stop on its own and against the others of the same import; problems are named by
 * CSV line or JSON index.
 */
export function validateStopImport(items: readonly unknown[]): {
  valid: StopInput[];
  problems: NonNullable<WireError['details']>;
} {
  const problems: NonNullable<WireError['details']> = [];
  const valid: StopInput[] = [];
  const refs = new Map<string, string>();
  items.forEach((item, i) => {
    const where = lineOf(item) ?? `stops[${i}]`;
    const clean = item;
    const parsed = stopInputValidator.parse(clean);
    if (!parsed.ok) {
      for (const d of parsed.error.details ?? [{ path: '/', message: parsed.error.message }]) {
        problems.push({
          path: where,
          message: `${d.path === '/' ? '' : d.path.slice(1) + ': '}${d.message}`,
        });
      }
      return;
    }
    const s = parsed.value;
    const start = instantMs(s.windowStart);
    const end = instantMs(s.windowEnd);
    if (!(end > start))
      problems.push({ path: where, message: 'windowEnd must be after windowStart' });
    if (s.orderRef) {
      const key = orderKey(s.hubId, s.orderRef, s.kind ?? DEFAULT_STOP_KIND);
      const first = refs.get(key);
      if (first)
        problems.push({
          path: where,
          message: `orderRef ${s.orderRef} already has a ${s.kind ?? DEFAULT_STOP_KIND} at ${first}`,
        });
      else refs.set(key, where);
    }
    valid.push(s);
  });
  return { valid, problems };
}

/** Checks that the hubs and couriers named exist and that no order reference is taken. */
export async function checkStopReferences(
  orm: Pick<Orm, 'select'>,
  valid: StopInput[],
  items: unknown[],
  problems: NonNullable<WireError['details']>,
): Promise<void> {
  const hubIds = [...new Set(valid.flatMap((s) => (s.hubId ? [s.hubId] : [])))];
  const courierIds = [...new Set(valid.flatMap((s) => (s.courierId ? [s.courierId] : [])))];
  const refs = valid.flatMap((s) => (s.orderRef ? [s.orderRef] : []));
  const knownHubs = new Set(
    hubIds.length
      ? (await orm.select({ id: hubs.id }).from(hubs).where(inArray(hubs.id, hubIds))).map(
          (h) => h.id,
        )
      : [],
  );
  const knownCouriers = new Set(
    courierIds.length
      ? (
          await orm
            .select({ id: couriers.id })
            .from(couriers)
            .where(inArray(couriers.id, courierIds))
        ).map((c) => c.id)
      : [],
  );
  const takenRefs = new Set(
    refs.length
      ? (
          await orm
            .select({ hubId: stops.hubId, orderRef: stops.orderRef, kind: stops.kind })
            .from(stops)
            .where(inArray(stops.orderRef, refs))
        ).map((r) => orderKey(r.hubId, r.orderRef!, r.kind))
      : [],
  );
  valid.forEach((s, i) => {
    const where = lineOf(items[i]) ?? `stops[${i}]`;
    if (s.hubId && !knownHubs.has(s.hubId))
      problems.push({ path: where, message: `hub ${s.hubId} does not exist` });
    if (s.courierId && !knownCouriers.has(s.courierId))
      problems.push({ path: where, message: `courier ${s.courierId} does not exist` });
    if (s.orderRef && takenRefs.has(orderKey(s.hubId, s.orderRef, s.kind ?? DEFAULT_STOP_KIND))) {
      problems.push({
        path: where,
        message: `orderRef ${s.orderRef} already has a ${s.kind ?? DEFAULT_STOP_KIND} imported`,
      });
    }
  });
}

/** An order has at most one stop of each kind (its pickup and its delivery share the reference). */
function orderKey(hubId: number | null | undefined, orderRef: string, kind: string): string {
  return `${hubId ?? ''}/${orderRef}/${kind}`;
}

const LINE = Symbol('csvLine');

function lineOf(item: unknown): string | null {
  if (typeof item === 'object' && item !== null && LINE in item)
    return `line ${(item as { [LINE]: number })[LINE]}`;
  return null;
}

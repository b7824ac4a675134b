import { and, inArray } from 'drizzle-orm';
import {
  DEFAULT_STOP_KIND,
  DomainError,
  zonedLocalToEpochMs,
  type ImportProblem,
  type StopInput,
  type StopKind,
  type WireError,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { couriers, hubs, stops } from '../db/schema';
import { parseCsv } from './csv';
import { CSV_COLUMN_OF, stopFieldProblems } from './stop-checks';
import { csvColumns, csvRecordToStop, stopInputValidator } from './stop-input';

/** A stop that passed its own checks, with its place in the import. */
export interface CheckedStop {
  index: number;
  stop: StopInput;
}

/** Parses CSV text into stop objects (each remembering its line), or throws `invalid`. */
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
 * Fills what the import screen chose for every row: the hub for rows naming none, and window
 * times written without an offset read in their hub's time zone (left as written without a hub,
 * so the checks can say so).
 */
export function applyImportDefaults(
  items: readonly unknown[],
  defaults: { hubId?: number; zoneOfHub: (hubId: number) => string | undefined },
): unknown[] {
  return items.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const out: Record<string | symbol, unknown> = { ...item };
    if (out.hubId === undefined && defaults.hubId !== undefined) out.hubId = defaults.hubId;
    const zone = typeof out.hubId === 'number' ? defaults.zoneOfHub(out.hubId) : undefined;
    if (zone) {
      for (const key of ['windowStart', 'windowEnd'] as const) {
        const value = out[key];
        const local = typeof value === 'string' ? zonedLocalToEpochMs(value, zone) : null;
        if (local !== null) out[key] = local;
      }
    }
    return out;
  });
}

/**
 * Checks each stop on its own and against the others of the same import; every problem names its
 * CSV line and column (or JSON index and field).
 */
export function validateStopImport(items: readonly unknown[]): {
  checked: CheckedStop[];
  problems: ImportProblem[];
} {
  const problems: ImportProblem[] = [];
  const checked: CheckedStop[] = [];
  const refs = new Map<string, string>();
  items.forEach((item, index) => {
    const line = lineOf(item);
    const name =
      line === null ? (f: keyof StopInput) => f : (f: keyof StopInput) => CSV_COLUMN_OF[f];
    const own = stopFieldProblems(item, name);
    for (const p of own)
      problems.push({ line, index, column: p.field ? name(p.field) : null, message: p.message });
    const parsed = stopInputValidator.parse(item);
    if (own.length > 0 || !parsed.ok) return;
    const s = parsed.value;
    if (s.kind === 'return_pickup' && s.hubId === undefined)
      problems.push({
        line,
        index,
        column: name('hubId'),
        message: 'a return pickup needs a hub: its parcel is brought back there',
      });
    if (s.orderRef) {
      const kinds = claimedKinds(s.kind ?? DEFAULT_STOP_KIND);
      const taken = kinds.find((kind) => refs.has(orderKey(s.hubId, s.orderRef!, kind)));
      if (taken)
        problems.push({
          line,
          index,
          column: name('orderRef'),
          message: `order ${s.orderRef} already has a ${taken} at ${refs.get(orderKey(s.hubId, s.orderRef, taken))}`,
        });
      else
        for (const kind of kinds) refs.set(orderKey(s.hubId, s.orderRef, kind), where(line, index));
    }
    checked.push({ index, stop: s });
  });
  return { checked, problems };
}

/**
 * Checks that the hubs and couriers named exist (a courier out of `scope` does not) and that no
 * order reference is taken.
 */
export async function checkStopReferences(
  orm: Pick<Orm, 'select'>,
  items: readonly unknown[],
  checked: readonly CheckedStop[],
  problems: ImportProblem[],
  scope: HubScope = EVERY_HUB,
): Promise<void> {
  const valid = checked.map((c) => c.stop);
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
            .where(and(inArray(couriers.id, courierIds), scope.condition(couriers.hubId)))
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
  for (const { index, stop: s } of checked) {
    const line = lineOf(items[index]);
    const name = (f: keyof StopInput) => (line === null ? f : CSV_COLUMN_OF[f]);
    if (s.hubId && !knownHubs.has(s.hubId))
      problems.push({
        line,
        index,
        column: name('hubId'),
        message: `hub ${s.hubId} does not exist`,
      });
    if (s.courierId && !knownCouriers.has(s.courierId))
      problems.push({
        line,
        index,
        column: name('courierId'),
        message: `courier ${s.courierId} does not exist`,
      });
    const taken = s.orderRef
      ? claimedKinds(s.kind ?? DEFAULT_STOP_KIND).find((kind) =>
          takenRefs.has(orderKey(s.hubId, s.orderRef!, kind)),
        )
      : undefined;
    if (taken) {
      problems.push({
        line,
        index,
        column: name('orderRef'),
        message: `order ${s.orderRef} already has a ${taken} imported`,
      });
    }
  }
  problems.sort((a, b) => a.index - b.index);
}

/** Problems as a typed error's details: `line 3` or `stops[2]`, then the plain message. */
export function problemDetails(
  problems: readonly ImportProblem[],
): NonNullable<WireError['details']> {
  return problems.map((p) => ({ path: where(p.line, p.index), message: p.message }));
}

/**
 * The kinds of stop a new stop's order reference claims at its hub: its own; a pickup and a
 * customer return exclude each other (either one is the order's first stop); a customer return
 * also brings its drop-off at the hub, a `delivery`.
 */
function claimedKinds(kind: StopKind): StopKind[] {
  if (kind === 'return_pickup') return ['return_pickup', 'pickup', 'delivery'];
  return kind === 'pickup' ? ['pickup', 'return_pickup'] : [kind];
}

/** An order has at most one stop of each kind (its pickup and its delivery share the reference). */
function orderKey(hubId: number | null | undefined, orderRef: string, kind: string): string {
  return `${hubId ?? ''}/${orderRef}/${kind}`;
}

const where = (line: number | null, index: number) =>
  line === null ? `stops[${index}]` : `line ${line}`;

const LINE = Symbol('csvLine');

/** The CSV line a parsed stop came from, or null for a JSON stop. */
export function lineOf(item: unknown): number | null {
  if (typeof item === 'object' && item !== null && LINE in item)
    return (item as { [LINE]: number })[LINE];
  return null;
}

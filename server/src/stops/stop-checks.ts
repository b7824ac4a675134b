import { Compile } from 'typebox/compile';
import { StopInputSchema, type StopInput } from '@dispatch/shared';

/** A stop field as the CSV header names it (`window_start`), or as JSON does (`windowStart`). */
export const CSV_COLUMN_OF: Record<keyof StopInput, string> = {
  orderRef: 'order_ref',
  kind: 'kind',
  address: 'address',
  lat: 'lat',
  lng: 'lng',
  windowStart: 'window_start',
  windowEnd: 'window_end',
  serviceSeconds: 'service_seconds',
  demand: 'demand',
  slaTier: 'sla_tier',
  hubId: 'hub_id',
  courierId: 'courier_id',
  customerName: 'customer_name',
  customerPhone: 'customer_phone',
  notes: 'notes',
  requiresCode: 'requires_code',
};

const TIME_RULE =
  'a date and time: 2025-05-02 09:00 (in the hub’s time zone) or 2025-05-02T09:00-04:00';

/** What each field must be, in words a dispatcher reads ("lat must be …"). */
const FIELD_RULES: Record<keyof StopInput, string> = {
  orderRef: 'a reference of 1 to 100 characters',
  kind: 'delivery, pickup or return_pickup',
  address: 'text of 1 to 500 characters',
  lat: 'a number from -90 to 90',
  lng: 'a number from -180 to 180',
  windowStart: TIME_RULE,
  windowEnd: TIME_RULE,
  serviceSeconds: 'a whole number of seconds from 0 to 14400',
  demand: 'a whole number from 0 to 10000',
  slaTier: 'express, same_day or next_day',
  hubId: 'the number of a hub',
  courierId: 'the number of a courier',
  customerName: 'a name of 1 to 120 characters',
  customerPhone: 'a phone number of 3 to 32 characters',
  notes: 'text of 1 to 1000 characters',
  requiresCode: 'true or false',
};

const FIELDS = Object.keys(StopInputSchema.properties) as (keyof StopInput)[];
const REQUIRED = new Set<string>(StopInputSchema.required ?? []);
const FIELD_CHECKS = new Map(
  FIELDS.map((f) => [f, Compile(StopInputSchema.properties[f])] as const),
);
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/;

/** One problem with one field of a stop (`field` null: the stop as a whole). */
export interface FieldProblem {
  field: keyof StopInput | null;
  /** A key that is not a stop field (JSON only). */
  unknownKey?: string;
  message: string;
}

/**
 * Every problem of one stop, at most one per field, in plain words naming the field as
 * `name(field)` does (CSV column or JSON field). Checks the window's order when both times read.
 */
export function stopFieldProblems(
  item: unknown,
  name: (field: keyof StopInput) => string,
): FieldProblem[] {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return [{ field: null, message: 'each stop must be an object' }];
  const record = item as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(record)) {
    if (!FIELD_CHECKS.has(key as keyof StopInput))
      problems.push({ field: null, unknownKey: key, message: `${key} is not a stop field` });
  }
  for (const field of FIELDS) {
    const value = record[field];
    if (value === undefined) {
      if (REQUIRED.has(field)) problems.push({ field, message: `${name(field)} is missing` });
      continue;
    }
    const isWindow = field === 'windowStart' || field === 'windowEnd';
    const noOffset = isWindow && typeof value === 'string' && LOCAL_TIME.test(value.trim());
    if (FIELD_CHECKS.get(field)!.Check(value)) continue;
    problems.push({
      field,
      message: noOffset
        ? `${name(field)} has no time zone offset: choose a hub, or write it like 2025-05-02T09:00-04:00`
        : `${name(field)} must be ${FIELD_RULES[field]}`,
    });
  }
  const start = instantOf(record.windowStart);
  const end = instantOf(record.windowEnd);
  if (start !== null && end !== null && !(end > start))
    problems.push({
      field: 'windowEnd',
      message: `${name('windowEnd')} must be after ${name('windowStart')}`,
    });
  return problems;
}

/** Epoch ms of a valid window value (ISO string with offset or epoch ms), else null. */
export function instantOf(value: unknown): number | null {
  if (!FIELD_CHECKS.get('windowStart')!.Check(value)) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value as string);
  return Number.isFinite(ms) ? ms : null;
}

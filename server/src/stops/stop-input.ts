import { compileValidator, StopInputSchema, type StopInput } from '@dispatch/shared';

export const stopInputValidator = compileValidator(StopInputSchema, 'stop');

/** CSV header names (snake_case or camelCase) → StopInput fields. */
const CSV_COLUMNS: Record<string, keyof StopInput> = {
  order_ref: 'orderRef',
  kind: 'kind',
  address: 'address',
  lat: 'lat',
  lng: 'lng',
  lon: 'lng',
  window_start: 'windowStart',
  window_end: 'windowEnd',
  service_seconds: 'serviceSeconds',
  demand: 'demand',
  sla_tier: 'slaTier',
  hub_id: 'hubId',
  courier_id: 'courierId',
  customer_name: 'customerName',
  customer_phone: 'customerPhone',
  notes: 'notes',
  requires_code: 'requiresCode',
};
const NUMERIC = new Set<keyof StopInput>([
  'lat',
  'lng',
  'serviceSeconds',
  'demand',
  'hubId',
  'courierId',
]);

const BOOLEAN: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

/** Maps a CSV header row to field names; throws naming unknown or missing columns. */
export function csvColumns(header: string[]): (keyof StopInput)[] {
  const known = new Map<string, keyof StopInput>();
  for (const [k, v] of Object.entries(CSV_COLUMNS)) {
    known.set(k, v);
    known.set(v.toLowerCase(), v);
  }
  const columns = header.map((h) => {
    const field = known.get(h.trim().toLowerCase());
    if (!field)
      throw new Error(
        `unknown column "${h}"; expected some of ${Object.keys(CSV_COLUMNS).join(', ')}`,
      );
    return field;
  });
  for (const required of ['address', 'lat', 'lng', 'windowStart', 'windowEnd'] as const) {
    if (!columns.includes(required)) throw new Error(`missing column for ${required}`);
  }
  return columns;
}

/** Turns one CSV record into an untyped stop object; empty cells are left out. */
export function csvRecordToStop(
  columns: (keyof StopInput)[],
  fields: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  columns.forEach((col, i) => {
    const raw = (fields[i] ?? '').trim();
    if (raw === '') return;
    if (NUMERIC.has(col)) out[col] = raw === '' ? Number.NaN : Number(raw);
    else if (col === 'requiresCode') out[col] = BOOLEAN[raw.toLowerCase()] ?? raw;
    else if ((col === 'windowStart' || col === 'windowEnd') && /^\d+$/.test(raw))
      out[col] = Number(raw);
    else out[col] = raw;
  });
  return out;
}

/** Epoch ms of an instant given as ISO string or epoch ms. */
export function instantMs(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

import type { Sql } from '../db/client';

/** A validated ping ready to be stored. */
export interface PingRow {
  courierId: number;
  seq: number;
  /** Device time, epoch ms. */
  t: number;
  /** Server time, epoch ms. */
  receivedAt: number;
  lat: number;
  lng: number;
  accuracyMeters: number | null;
  speedMps: number | null;
  heading: number | null;
  battery: number | null;
  cell: string;
}

const INSERT_COLUMNS = [
  'courierId',
  'seq',
  't',
  'receivedAt',
  'lat',
  'lng',
  'accuracyMeters',
  'speedMps',
  'heading',
  'battery',
  'cell',
] as const satisfies readonly (keyof PingRow)[];

/** The last-fix update takes the same columns but the sequence number. */
const LAST_FIX_COLUMNS = INSERT_COLUMNS.filter((c) => c !== 'seq');

/**
 * PostgreSQL array literals, one per column, built in one pass over the rows. Numbers and H3
 * cells need no quoting.
 */
function arrayLiterals(rows: readonly PingRow[], columns: readonly (keyof PingRow)[]): string[] {
  const parts = columns.map(() => '{');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const sep = i === 0 ? '' : ',';
    for (let c = 0; c < columns.length; c++) {
      const v = row[columns[c]!];
      parts[c] += sep + (v === null ? 'NULL' : v);
    }
  }
  return parts.map((p) => p + '}');
}

const INSERT_PINGS = `
insert into pings (courier_id, seq, t, received_at, lat, lng, accuracy_meters, speed_mps, heading, battery, cell)
select courier_id, seq, to_timestamp(t / 1000.0), to_timestamp(received_at / 1000.0), lat, lng, acc, spd, hdg, bat, cell
from unnest($1::int[], $2::int8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
            $7::real[], $8::real[], $9::real[], $10::real[], $11::text[])
  as v(courier_id, seq, t, received_at, lat, lng, acc, spd, hdg, bat, cell)`;

const UPDATE_LAST_FIX = `
update couriers c set
  last_fix_at = to_timestamp(v.t / 1000.0), last_lat = v.lat, last_lng = v.lng,
  last_speed_mps = v.spd, last_heading = v.hdg, last_accuracy_meters = v.acc,
  last_battery = v.bat, last_cell = v.cell,
  last_ping_at = greatest(c.last_ping_at, to_timestamp(v.received_at / 1000.0))
from unnest($1::int[], $2::float8[], $3::float8[], $4::float8[], $5::float8[],
            $6::real[], $7::real[], $8::real[], $9::real[], $10::text[])
  as v(id, t, received_at, lat, lng, acc, spd, hdg, bat, cell)
where c.id = v.id and (c.last_fix_at is null or c.last_fix_at < to_timestamp(v.t / 1000.0))`;

/** Inserts pings in one statement and moves each courier's stored last fix forward. */
export async function writePings(tx: Sql, rows: readonly PingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(INSERT_PINGS, arrayLiterals(rows, INSERT_COLUMNS));
  await tx.query(UPDATE_LAST_FIX, arrayLiterals(latestPerCourier(rows), LAST_FIX_COLUMNS));
}

/** The newest fix by device time for each courier in `rows`. */
export function latestPerCourier(rows: readonly PingRow[]): PingRow[] {
  const latest = new Map<number, PingRow>();
  for (const row of rows) {
    const held = latest.get(row.courierId);
    if (!held || row.t > held.t) latest.set(row.courierId, row);
  }
  return [...latest.values()];
}

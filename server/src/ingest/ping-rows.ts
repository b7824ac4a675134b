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
  /** Why the fix does not move the live position (`jump-check.ts`); null or absent: it does. */
  flag?: 'jump' | null;
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
  'flag',
] as const satisfies readonly (keyof PingRow)[];

/** The last-fix update takes the same columns but the sequence number and the flag. */
const LAST_FIX_COLUMNS = INSERT_COLUMNS.filter((c) => c !== 'seq' && c !== 'flag');

/** The smallest positive normal `real` (float4). */
const REAL_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * A value as the `real` columns can take it: PostgreSQL refuses a nonzero number too small for
 * float4 ("out of range"), which would fail the whole group commit, so such a number is stored
 * as the 0 it rounds to.
 */
function storable(v: number | string): number | string {
  return typeof v === 'number' && v !== 0 && Math.abs(v) < REAL_MIN_NORMAL ? 0 : v;
}

/**
 * PostgreSQL array literals, one per column, built in one pass over the rows. Numbers, H3
 * cells and flags need no quoting.
 */
function arrayLiterals(rows: readonly PingRow[], columns: readonly (keyof PingRow)[]): string[] {
  const parts = columns.map(() => '{');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const sep = i === 0 ? '' : ',';
    for (let c = 0; c < columns.length; c++) {
      const v = row[columns[c]!];
      parts[c] += sep + (v === null || v === undefined ? 'NULL' : storable(v));
    }
  }
  return parts.map((p) => p + '}');
}

const INSERT_PINGS = `
insert into pings (courier_id, seq, t, received_at, lat, lng, accuracy_meters, speed_mps, heading, battery, cell, flag)
select courier_id, seq, to_timestamp(t / 1000.0), to_timestamp(received_at / 1000.0), lat, lng, acc, spd, hdg, bat, cell, flag
from unnest($1::int[], $2::int8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
            $7::real[], $8::real[], $9::real[], $10::real[], $11::text[], $12::text[])
  as v(courier_id, seq, t, received_at, lat, lng, acc, spd, hdg, bat, cell, flag)`;

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

/**
 * Inserts pings in one statement and moves each courier's stored last fix forward, by the fixes
 * that are not flagged.
 */
export async function writePings(tx: Sql, rows: readonly PingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(INSERT_PINGS, arrayLiterals(rows, INSERT_COLUMNS));
  const latest = latestPerCourier(liveFixes(rows));
  if (latest.length > 0) await tx.query(UPDATE_LAST_FIX, arrayLiterals(latest, LAST_FIX_COLUMNS));
}

/**
 * Locks the couriers' rows in id order, so that commits of one courier's pings on several nodes
 * run one after the other, each seeing what the previous one committed.
 */
const LOCK_COURIERS = `
select id from couriers where id = any($1::int[]) order by id for no key update`;

/**
 * `INSERT_PINGS` leaving out a (courier, seq) already stored or twice in the rows; returns the
 * rows it inserted.
 */
const INSERT_NEW_PINGS = `
insert into pings (courier_id, seq, t, received_at, lat, lng, accuracy_meters, speed_mps, heading, battery, cell, flag)
select distinct on (courier_id, seq)
  courier_id, seq, to_timestamp(t / 1000.0), to_timestamp(received_at / 1000.0), lat, lng, acc, spd, hdg, bat, cell, flag
from unnest($1::int[], $2::int8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
            $7::real[], $8::real[], $9::real[], $10::real[], $11::text[], $12::text[])
  as v(courier_id, seq, t, received_at, lat, lng, acc, spd, hdg, bat, cell, flag)
where not exists (select 1 from pings p where p.courier_id = v.courier_id and p.seq = v.seq)
order by courier_id, seq
returning courier_id, seq::float8 as seq`;

/**
 * `writePings` for a cluster, where two nodes may hold the same (courier, seq) at once (a device
 * that moved between nodes, or sent over two connections): the couriers' rows are locked first,
 * then only pings not already stored are inserted, so each (courier, seq) is stored once whatever
 * the nodes' dedupe windows knew. Returns the rows it stored. `pings` is partitioned by time and
 * cannot hold a unique index on (courier_id, seq); `pings_courier_seq_idx` answers the check.
 */
export async function writePingsOnce(tx: Sql, rows: readonly PingRow[]): Promise<PingRow[]> {
  if (rows.length === 0) return [];
  const couriers = [...new Set(rows.map((r) => r.courierId))];
  await tx.query(LOCK_COURIERS, [`{${couriers.join(',')}}`]);
  const inserted = await tx.query<{ courier_id: number; seq: number }>(
    INSERT_NEW_PINGS,
    arrayLiterals(rows, INSERT_COLUMNS),
  );
  const keys = new Set(inserted.map((r) => `${r.courier_id}:${r.seq}`));
  const stored: PingRow[] = [];
  for (const row of rows) {
    // A (courier, seq) twice in `rows` was inserted once: it is reported once.
    if (keys.delete(`${row.courierId}:${row.seq}`)) stored.push(row);
  }
  const latest = latestPerCourier(liveFixes(stored));
  if (latest.length > 0) await tx.query(UPDATE_LAST_FIX, arrayLiterals(latest, LAST_FIX_COLUMNS));
  return stored;
}

/** The rows that move the live position: those not flagged. */
export function liveFixes(rows: readonly PingRow[]): readonly PingRow[] {
  return rows.some((r) => r.flag) ? rows.filter((r) => !r.flag) : rows;
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

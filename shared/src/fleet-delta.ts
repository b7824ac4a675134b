import { COURIER_STATUSES, type CourierStatus } from './domain';

/** A courier's live position as the console draws it. */
export interface FleetRow {
  id: number;
  /** Fix time, epoch ms. */
  t: number;
  lat: number;
  lng: number;
  /** Speed in m/s, or null when unknown. */
  speedMps: number | null;
  /** Heading in degrees, or null when unknown. */
  heading: number | null;
  status: CourierStatus;
}

/**
 * Fleet rows as parallel columns of integers: one array per field instead of one object per
 * courier, which is several times smaller on the wire and cheap to apply in a loop.
 * Rows are sorted by id, and ids and coordinates are delta-coded: each entry is the difference
 * from the previous row's (the first is absolute), which keeps the numbers short. Coordinates are
 * in microdegrees, speeds in dm/s (-1 unknown), headings in degrees (-1 unknown), times as
 * milliseconds before `at`, status as an index into COURIER_STATUSES.
 */
export interface FleetColumns {
  /** Server time the columns were taken, epoch ms. */
  at: number;
  id: number[];
  age: number[];
  lat: number[];
  lng: number[];
  spd: number[];
  hdg: number[];
  st: number[];
}

/** One broadcast tick for one room: the latest fix of couriers that changed, and who left. */
export interface FleetDelta extends FleetColumns {
  room: string;
  /** Couriers that moved out of this room since the last tick. */
  gone: number[];
}

const STATUS_INDEX = new Map<CourierStatus, number>(COURIER_STATUSES.map((s, i) => [s, i]));

export function encodeFleetColumns(rows: readonly FleetRow[], at: number): FleetColumns {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const n = sorted.length;
  const cols: FleetColumns = {
    at,
    id: new Array<number>(n),
    age: new Array<number>(n),
    lat: new Array<number>(n),
    lng: new Array<number>(n),
    spd: new Array<number>(n),
    hdg: new Array<number>(n),
    st: new Array<number>(n),
  };
  let prevId = 0;
  let prevLat = 0;
  let prevLng = 0;
  for (let i = 0; i < n; i++) {
    const r = sorted[i]!;
    const lat = Math.round(r.lat * 1e6);
    const lng = Math.round(r.lng * 1e6);
    cols.id[i] = r.id - prevId;
    cols.lat[i] = lat - prevLat;
    cols.lng[i] = lng - prevLng;
    prevId = r.id;
    prevLat = lat;
    prevLng = lng;
    cols.age[i] = Math.max(0, Math.round(at - r.t));
    cols.spd[i] = r.speedMps === null ? -1 : Math.round(r.speedMps * 10);
    cols.hdg[i] = r.heading === null ? -1 : Math.round(r.heading) % 360;
    cols.st[i] = STATUS_INDEX.get(r.status) ?? 0;
  }
  return cols;
}

export function decodeFleetColumns(cols: FleetColumns): FleetRow[] {
  const rows: FleetRow[] = [];
  let id = 0;
  let lat = 0;
  let lng = 0;
  for (let i = 0; i < cols.id.length; i++) {
    id += cols.id[i]!;
    lat += cols.lat[i]!;
    lng += cols.lng[i]!;
    const spd = cols.spd[i]!;
    const hdg = cols.hdg[i]!;
    rows.push({
      id,
      t: cols.at - cols.age[i]!,
      lat: lat / 1e6,
      lng: lng / 1e6,
      speedMps: spd < 0 ? null : spd / 10,
      heading: hdg < 0 ? null : hdg,
      status: COURIER_STATUSES[cols.st[i]!] ?? 'offline',
    });
  }
  return rows;
}

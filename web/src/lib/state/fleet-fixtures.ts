import {
  encodeFleetColumns,
  type CourierStatus,
  type FleetDelta,
  type FleetRow,
} from '@dispatch/shared';
import type { CourierListing } from './fleet.svelte';

/** A fleet row for tests: courier `id` at a position, fixed at `t`. */
export function fix(
  id: number,
  t: number,
  lat = -20.4,
  lng = -54.6,
  status: CourierStatus = 'en_route',
): FleetRow {
  return { id, t, lat, lng, speedMps: 5, heading: 90, status };
}

/** A delta for one room, taken at `at`. */
export function delta(room: string, at: number, rows: FleetRow[], gone: number[] = []): FleetDelta {
  return { ...encodeFleetColumns(rows, at), room, gone };
}

export function profile(
  id: number,
  name: string,
  overrides: Partial<CourierListing> = {},
): CourierListing {
  return {
    id,
    name,
    vehicle: 'bike',
    hubId: 1,
    status: 'idle',
    shiftStartMinute: 0,
    shiftEndMinute: 1440,
    ...overrides,
  };
}

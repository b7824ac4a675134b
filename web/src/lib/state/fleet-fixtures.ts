import {
  encodeFleetColumns,
  type AlertView,
  type CourierStatus,
  type FleetDelta,
  type FleetRow,
  type Stop,
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

/** An open stop of courier `courierId` for tests, due an hour after `now` with an ETA in time. */
export function openStop(
  id: number,
  courierId: number | null,
  now: number,
  overrides: Partial<Stop> = {},
): Stop {
  return {
    id,
    hubId: 1,
    kind: 'delivery',
    orderRef: `ORD-${id}`,
    address: `${id} Rua das Flores`,
    lat: -20.45,
    lng: -54.6,
    cell: '89a8c0a1a1bffff',
    windowStart: now - 3_600_000,
    windowEnd: now + 3_600_000,
    serviceSeconds: 120,
    demand: 1,
    slaTier: 'same_day',
    status: 'assigned',
    courierId,
    sequence: id,
    routeVersion: 1,
    attempts: 0,
    eta: now + 1_800_000,
    ...overrides,
  };
}

/** An open alert for tests. */
export function openAlert(id: number, overrides: Partial<AlertView> = {}): AlertView {
  return {
    id,
    kind: 'stalled',
    severity: 'warning',
    courierId: null,
    stopId: null,
    hubId: null,
    openedAt: 0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    resolvedAt: null,
    details: {},
    ...overrides,
  };
}

import { courierCell, type StopKind, type StopStatus, type Vehicle } from '@dispatch/shared';

/** A position on the map. */
export interface LivePoint {
  lat: number;
  lng: number;
}

/** One visit as the suggestion engine sees it; times are epoch ms. */
export interface LiveStop {
  id: number;
  orderRef: string | null;
  /** The hub whose order references it shares (a shop order's pickup and delivery pair by both). */
  hubId?: number | null | undefined;
  lat: number;
  lng: number;
  /** Res-9 cell; computed from lat/lng when absent. */
  cell?: string | undefined;
  windowStart: number;
  windowEnd: number;
  serviceSeconds: number;
  demand: number;
  status: StopStatus;
  courierId: number | null;
  sequence: number | null;
  kind: StopKind;
  /** Delivery attempts made so far (a failed attempt counts). */
  attempts?: number | undefined;
  /** When the courier got there, for a stop in status `arrived`. */
  arrivedAt?: number | null | undefined;
}

/** One courier as the suggestion engine sees it. */
export interface LiveCourier {
  id: number;
  hubId: number | null;
  vehicle: Vehicle;
  capacity: number;
  /** Demand units already committed: on board or promised to its open stops. */
  load: number;
  position: LivePoint | null;
  /** Res-9 cell of `position`; computed when absent. */
  cell: string | null;
  /** Shift end, epoch ms. */
  onShiftUntil: number;
  /** False when the courier must not receive work (offline, stalled, on break). */
  available: boolean;
  /** Open stops in visiting order (an `arrived` stop, if any, first). */
  route: readonly LiveStop[];
  /** Route version the proposal is computed against (optimistic concurrency on apply). */
  routeVersion?: number | undefined;
}

/** Stops by id (a `Map` will do). */
export type StopLookup = Pick<ReadonlyMap<number, LiveStop>, 'get' | 'has'>;

/** The live picture a proposal is computed from. */
export interface LiveModel {
  /** Epoch ms. */
  now: number;
  couriers: ReadonlyMap<number, LiveCourier>;
  /** Every stop a trigger may name: the routes' stops plus unassigned and failed ones. */
  stops: StopLookup;
  index: CourierCells;
  /**
   * The other stop of a shop order (its pickup, or its delivery), in whatever status, when the
   * model knows it; without it every stop is treated as an order of its own.
   */
  partnerOf?: ((stop: LiveStop) => LiveStop | undefined) | undefined;
}

/** Which couriers are near a cell: by position, stops and the way between (a `FleetCellIndex`). */
export interface CourierCells {
  /** Couriers indexed. */
  readonly size: number;
  /** Cells that hold at least one courier. */
  readonly cellCount: number;
  couriersIn(cell: string): ReadonlySet<number>;
  cellsOfCourier(courierId: number): readonly string[];
}

/** Stops that may still change courier. */
export const MOVABLE_STATUSES: readonly StopStatus[] = ['unassigned', 'assigned', 'en_route'];

export function isMovable(stop: LiveStop): boolean {
  return MOVABLE_STATUSES.includes(stop.status);
}

export function stopCell(stop: LiveStop): string {
  return stop.cell ?? courierCell(stop.lat, stop.lng);
}

/** Where the courier is, then its stops in order: the way it will go. */
export function courierPath(courier: LiveCourier): LivePoint[] {
  const path: LivePoint[] = courier.position ? [courier.position] : [];
  for (const stop of courier.route) path.push(stop);
  return path;
}

/** The cell of a courier's position, or null when it has none. */
export function positionCell(courier: LiveCourier): string | null {
  if (courier.cell) return courier.cell;
  return courier.position ? courierCell(courier.position.lat, courier.position.lng) : null;
}

import type { AlertKind, CourierStatus, StopKind, StopStatus, Vehicle } from '@dispatch/shared';
import type { MessageKey } from '../i18n/messages/en';
import type { CourierState, Movement } from '../state/fleet-lateness';
import type { SlaState } from '../state/route-timeline';

/**
 * The catalogue's words for the states the map and the fleet panels colour and mark (colours in
 * `palette`), as message keys so every panel says them in the console's language.
 */

/** A courier by its worst open stop, said of one courier (legend, tooltip). */
export const COURIER_STATE_LABELS: Record<CourierState, MessageKey> = {
  late: 'fleet.courierState.late',
  at_risk: 'fleet.courierState.atRisk',
  on_time: 'fleet.courierState.onTime',
  none: 'fleet.courierState.none',
};

/** The same, after "couriers" ("Only couriers with no open stops"). */
export const COURIERS_IN_STATE: Record<CourierState, MessageKey> = {
  late: 'fleet.couriersInState.late',
  at_risk: 'fleet.couriersInState.atRisk',
  on_time: 'fleet.couriersInState.onTime',
  none: 'fleet.couriersInState.none',
};

/** How the movement marks read (see MOVEMENT_MARKS in courier-style). */
export const MOVEMENT_LABELS: Record<Movement, MessageKey> = {
  moving: 'fleet.movement.moving',
  at_stop: 'fleet.movement.atStop',
  waiting: 'fleet.movement.waiting',
  stalled: 'fleet.movement.stalled',
  offline: 'fleet.movement.offline',
};

/** Alerts that say why a courier falls behind, as the courier list names them. */
export const CAUSE_LABELS: Partial<Record<AlertKind, MessageKey>> = {
  stalled: 'fleet.cause.stalled',
  offline: 'fleet.cause.offline',
  stuck_at_stop: 'fleet.cause.stuckAtStop',
  failed_attempt: 'fleet.cause.failedAttempt',
};

export const STATUS_LABELS: Record<CourierStatus, MessageKey> = {
  en_route: 'fleet.status.enRoute',
  idle: 'fleet.status.idle',
  at_stop: 'fleet.status.atStop',
  on_break: 'fleet.status.onBreak',
  offline: 'fleet.status.offline',
};

export const SLA_LABELS: Record<SlaState, MessageKey> = {
  on_time: 'fleet.sla.onTime',
  at_risk: 'fleet.sla.atRisk',
  late: 'fleet.sla.late',
  done: 'fleet.sla.done',
  failed: 'fleet.sla.failed',
};

export const STOP_KIND_LABELS: Record<StopKind, MessageKey> = {
  delivery: 'fleet.stopKind.delivery',
  pickup: 'fleet.stopKind.pickup',
  return_pickup: 'fleet.stopKind.returnPickup',
};

export const STOP_STATUS_LABELS: Record<StopStatus, MessageKey> = {
  unassigned: 'fleet.stopStatus.unassigned',
  assigned: 'fleet.stopStatus.assigned',
  en_route: 'fleet.stopStatus.enRoute',
  arrived: 'fleet.stopStatus.arrived',
  delivered: 'fleet.stopStatus.delivered',
  failed: 'fleet.stopStatus.failed',
  cancelled: 'fleet.stopStatus.cancelled',
  returning: 'fleet.stopStatus.returning',
  returned: 'fleet.stopStatus.returned',
};

export const VEHICLE_LABELS: Record<Vehicle, MessageKey> = {
  foot: 'fleet.vehicle.foot',
  bike: 'fleet.vehicle.bike',
  scooter: 'fleet.vehicle.scooter',
  car: 'fleet.vehicle.car',
  van: 'fleet.vehicle.van',
};

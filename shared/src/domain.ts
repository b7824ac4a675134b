/** Domain enums shared by the server, the console and the simulator. */
export const ROLES = ['admin', 'supervisor', 'dispatcher'] as const;
export type Role = (typeof ROLES)[number];

export const VEHICLES = ['foot', 'bike', 'scooter', 'car', 'van'] as const;
export type Vehicle = (typeof VEHICLES)[number];

/** Typical cruising speed per vehicle in m/s, used by the simulator and as ETA priors. */
export const VEHICLE_SPEED_MPS: Record<Vehicle, number> = {
  foot: 1.4,
  bike: 4.5,
  scooter: 7,
  car: 9,
  van: 8,
};

/** Default load capacity in demand units per vehicle. */
export const VEHICLE_CAPACITY: Record<Vehicle, number> = {
  foot: 5,
  bike: 12,
  scooter: 15,
  car: 40,
  van: 80,
};

export const COURIER_STATUSES = ['offline', 'idle', 'en_route', 'at_stop', 'on_break'] as const;
export type CourierStatus = (typeof COURIER_STATUSES)[number];

export const STOP_KINDS = ['delivery', 'pickup', 'return_pickup'] as const;
export type StopKind = (typeof STOP_KINDS)[number];

/** Kinds where the courier collects a parcel: a shop's pickup, or a customer's return. */
export const PICKUP_KINDS: readonly StopKind[] = ['pickup', 'return_pickup'];

/** Whether a stop of this kind collects a parcel (the first stop of an order's pair). */
export function isPickupKind(kind: StopKind): boolean {
  return PICKUP_KINDS.includes(kind);
}

export const STOP_STATUSES = [
  'unassigned',
  'assigned',
  'en_route',
  'arrived',
  'delivered',
  'failed',
  'cancelled',
  /** A failed attempt's parcel on its way back to the hub. */
  'returning',
  'returned',
] as const;
export type StopStatus = (typeof STOP_STATUSES)[number];

/** Stops still to be visited. */
export const OPEN_STOP_STATUSES: readonly StopStatus[] = [
  'unassigned',
  'assigned',
  'en_route',
  'arrived',
];

/** Why a delivery attempt failed, as a courier reports it; `other` needs a note. */
export const FAILURE_REASONS = [
  'not_home',
  'refused',
  'wrong_address',
  'no_access',
  'damaged',
  'unsafe',
  'other',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const SLA_TIERS = ['express', 'same_day', 'next_day'] as const;
export type SlaTier = (typeof SLA_TIERS)[number];

export const ALERT_KINDS = [
  'stalled',
  'offline',
  'late_risk',
  'late',
  'sla_breach',
  'hub_sla',
  'stuck_at_stop',
  'failed_attempt',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * The hub id that couriers, stops, alerts and situations of no hub count under when a node asks
 * whether it owns their hub: hub ids start at 1, so no lease of a cluster covers it (no node of a
 * cluster judges or writes for them) while a node alone owns it like every hub.
 */
export const NO_HUB = 0;

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const SUGGESTION_STATUSES = [
  'open',
  'accepted',
  'rejected',
  'expired',
  'superseded',
] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** Error codes a client can act on; every refusal on the wire carries one. */
export const ERROR_CODES = [
  'invalid',
  'too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'overloaded',
  'unavailable',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

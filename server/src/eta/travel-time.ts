import { VEHICLE_SPEED_MPS, haversineMeters, type Vehicle } from '@dispatch/shared';

/** A position on the map. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** Who travels and when they set off (epoch ms): speeds depend on both. */
export interface TravelContext {
  vehicle: Vehicle;
  departAt: number;
  /** The courier travelling, when known: a provider may know its own pace. */
  courierId?: string | number;
}

/** Predicts how long a vehicle takes from one place to another. */
export interface TravelTimeProvider {
  /** Short label for logs and benchmark tables. */
  readonly name: string;
  travelSeconds(from: GeoPoint, to: GeoPoint, ctx: TravelContext): number;
  /** One origin to many targets, in the targets' order (the rows of a small matrix). */
  travelSecondsFrom(from: GeoPoint, targets: readonly GeoPoint[], ctx: TravelContext): number[];
}

/** Typical speed of each vehicle, metres per second. */
export type VehicleSpeeds = Record<Vehicle, number>;

/**
 * How much longer a trip along the streets is than the straight line. About 1.27 on a perfect
 * grid in a random direction (4/π); real streets, one-way systems and the walk to the door add
 * a little more.
 */
export const DEFAULT_CIRCUITY = 1.35;

/** Vehicle priors with some entries overridden, checked to be positive and finite. */
export function vehicleSpeeds(overrides: Partial<VehicleSpeeds> = {}): VehicleSpeeds {
  const speeds = { ...VEHICLE_SPEED_MPS, ...overrides };
  for (const [vehicle, speedMps] of Object.entries(speeds)) {
    if (!(speedMps > 0 && Number.isFinite(speedMps))) {
      throw new RangeError(`the prior speed of ${vehicle} must be a positive number of m/s`);
    }
  }
  return speeds;
}

/** Great-circle distance between two points in metres. */
export function straightLineMeters(from: GeoPoint, to: GeoPoint): number {
  return haversineMeters(from.lat, from.lng, to.lat, to.lng);
}

export function assertCircuity(circuity: number): void {
  if (!(circuity >= 1 && Number.isFinite(circuity))) {
    throw new RangeError('circuity must be a finite number of at least 1');
  }
}

import {
  DEFAULT_CIRCUITY,
  assertCircuity,
  straightLineMeters,
  vehicleSpeeds,
  type GeoPoint,
  type TravelContext,
  type TravelTimeProvider,
  type VehicleSpeeds,
} from './travel-time';

export interface ConstantSpeedOptions {
  circuity?: number;
  /** Overrides of the vehicle speed priors, m/s. */
  speedMps?: Partial<VehicleSpeeds>;
}

/** The baseline: straight-line distance × circuity at the vehicle's typical speed, whatever the place or hour. */
export class ConstantSpeedProvider implements TravelTimeProvider {
  readonly name = 'constant';
  private readonly circuity: number;
  private readonly speeds: VehicleSpeeds;

  constructor({ circuity = DEFAULT_CIRCUITY, speedMps }: ConstantSpeedOptions = {}) {
    assertCircuity(circuity);
    this.circuity = circuity;
    this.speeds = vehicleSpeeds(speedMps);
  }

  travelSeconds(from: GeoPoint, to: GeoPoint, ctx: TravelContext): number {
    return (straightLineMeters(from, to) * this.circuity) / this.speeds[ctx.vehicle];
  }

  travelSecondsFrom(from: GeoPoint, targets: readonly GeoPoint[], ctx: TravelContext): number[] {
    return targets.map((to) => this.travelSeconds(from, to, ctx));
  }
}

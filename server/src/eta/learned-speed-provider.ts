import type { Vehicle } from '@dispatch/shared';
import {
  DEFAULT_CIRCUITY,
  assertCircuity,
  straightLineMeters,
  type GeoPoint,
  type TravelContext,
  type TravelTimeProvider,
} from './travel-time';

/** What the provider needs of learned speeds (`LearnedSpeeds` has it). */
export interface SpeedLookup {
  priorSpeedMps(vehicle: Vehicle): number;
  /** Speed relative to the vehicle priors at a place and instant, for this vehicle if given. */
  ratioAt(lat: number, lng: number, epochMs: number, vehicle?: Vehicle): number;
  /** A courier's travel time over the fleet's (1 = as the fleet); absent: every courier is the fleet. */
  courierPaceFactor?(courierId: string | number): number;
  /** Learned circuity of a trip for a vehicle, never below `floor`; absent: always `floor`. */
  circuityOf?(from: GeoPoint, to: GeoPoint, vehicle: Vehicle, floor: number): number;
}

export interface LearnedSpeedProviderOptions {
  circuity?: number;
  /** Distance between the points along the way whose cells are looked up (default 400 m). */
  sampleSpacingMeters?: number;
}

/**
 * The default provider: straight-line distance × circuity at the learned speed of the way.
 * The line is cut into equal pieces and the speed ratio of each piece's cell is combined as a
 * harmonic mean (the mean of paces), so a slow zone on the way counts by the time spent in it.
 * For a known courier (`ctx.courierId`) the time is scaled by its own learned pace.
 */
export class LearnedSpeedProvider implements TravelTimeProvider {
  readonly name = 'learned';
  private readonly circuity: number;
  private readonly spacingMeters: number;

  constructor(
    private readonly speeds: SpeedLookup,
    { circuity = DEFAULT_CIRCUITY, sampleSpacingMeters = 400 }: LearnedSpeedProviderOptions = {},
  ) {
    assertCircuity(circuity);
    if (!(sampleSpacingMeters > 0)) throw new RangeError('sampleSpacingMeters must be positive');
    this.circuity = circuity;
    this.spacingMeters = sampleSpacingMeters;
  }

  travelSeconds(from: GeoPoint, to: GeoPoint, ctx: TravelContext): number {
    const meters = straightLineMeters(from, to);
    if (meters === 0) return 0;
    const pieces = Math.max(1, Math.ceil(meters / this.spacingMeters));
    let paceSum = 0;
    for (let i = 0; i < pieces; i++) {
      const f = (i + 0.5) / pieces;
      // Linear interpolation of lat/lng is the great circle to well within a cell at city scale.
      const lat = from.lat + (to.lat - from.lat) * f;
      const lng = from.lng + (to.lng - from.lng) * f;
      paceSum += 1 / this.speeds.ratioAt(lat, lng, ctx.departAt, ctx.vehicle);
    }
    const speedMps = this.speeds.priorSpeedMps(ctx.vehicle) * (pieces / paceSum);
    const courierPace =
      ctx.courierId === undefined ? 1 : (this.speeds.courierPaceFactor?.(ctx.courierId) ?? 1);
    const circuity =
      this.speeds.circuityOf?.(from, to, ctx.vehicle, this.circuity) ?? this.circuity;
    return ((meters * circuity) / speedMps) * courierPace;
  }

  travelSecondsFrom(from: GeoPoint, targets: readonly GeoPoint[], ctx: TravelContext): number[] {
    return targets.map((to) => this.travelSeconds(from, to, ctx));
  }
}

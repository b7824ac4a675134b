import type { SlaTier, Vehicle } from '@dispatch/shared';
import type { MotionFix } from '../../server/src/detect';
import type { Rng } from '../../server/src/lib/rng';

/** A courier of the detection benchmarks: where it is, where it heads, how fast. */
export interface MovingCourier {
  /** Courier id as the engine or the database knows it (set by whoever stores it). */
  id: number;
  vehicle: Vehicle;
  lat: number;
  lng: number;
  headingDeg: number;
  speedMps: number;
  /** Device time of the last fix sent, epoch ms. */
  lastFixT: number;
}

/** An open stop planned for a courier, in route order. Times are epoch ms. */
export interface PlannedStop {
  lat: number;
  lng: number;
  windowStartMs: number;
  windowEndMs: number;
  serviceSeconds: number;
  slaTier: SlaTier;
}

export interface FleetPlanOptions {
  count: number;
  stopsPerCourier: number;
  center: { lat: number; lng: number };
  /** Couriers start scattered over a square this wide. */
  spreadMeters: number;
  /** The first stop's window ends at this instant; each next one `windowStepMs` later. */
  firstWindowEndMs: number;
  windowStepMs: number;
  /** Each window opens this long before it ends. */
  windowLengthMs: number;
  rng: Rng;
}

const METERS_PER_DEGREE = 111_320;
/** Stops lie within about this distance of the courier (normal spread, metres). */
const STOP_SPREAD_M = 2000;
const VEHICLES: readonly Vehicle[] = ['bike', 'scooter', 'car', 'van', 'foot'];
/** Typical moving speeds, metres per second, a little below the ETA priors (traffic, turns). */
const CRUISE_MPS: Record<Vehicle, number> = { foot: 1.3, bike: 4, scooter: 6, car: 8, van: 7 };
const SLA_TIERS: readonly SlaTier[] = ['same_day', 'same_day', 'express', 'next_day'];

/** Metres north and east of a point, as degrees. */
export function offsetDegrees(
  at: { lat: number },
  northMeters: number,
  eastMeters: number,
): { dLat: number; dLng: number } {
  return {
    dLat: northMeters / METERS_PER_DEGREE,
    dLng: eastMeters / (METERS_PER_DEGREE * Math.cos((at.lat * Math.PI) / 180)),
  };
}

/**
 * Couriers scattered around a centre with a mix of vehicles, each with `stopsPerCourier` open
 * stops near it whose windows end one after the other. Ids are left at 0 for the caller.
 */
export function planFleet(options: FleetPlanOptions): {
  couriers: MovingCourier[];
  stops: PlannedStop[][];
} {
  const { rng, center } = options;
  const couriers: MovingCourier[] = [];
  const stops: PlannedStop[][] = [];
  for (let i = 0; i < options.count; i++) {
    const vehicle = VEHICLES[i % VEHICLES.length]!;
    const home = offsetDegrees(
      center,
      (rng.float() - 0.5) * options.spreadMeters,
      (rng.float() - 0.5) * options.spreadMeters,
    );
    const courier: MovingCourier = {
      id: 0,
      vehicle,
      lat: center.lat + home.dLat,
      lng: center.lng + home.dLng,
      headingDeg: rng.range(0, 360),
      speedMps: CRUISE_MPS[vehicle] * rng.range(0.6, 1.2),
      lastFixT: 0,
    };
    couriers.push(courier);
    stops.push(
      Array.from({ length: options.stopsPerCourier }, (_, s) => {
        const away = offsetDegrees(
          courier,
          rng.normal(0, STOP_SPREAD_M),
          rng.normal(0, STOP_SPREAD_M),
        );
        const windowEndMs =
          options.firstWindowEndMs + s * options.windowStepMs + rng.int(0, 10) * 60_000;
        return {
          lat: courier.lat + away.dLat,
          lng: courier.lng + away.dLng,
          windowStartMs: windowEndMs - options.windowLengthMs,
          windowEndMs,
          serviceSeconds: 120,
          slaTier: SLA_TIERS[(i + s) % SLA_TIERS.length]!,
        };
      }),
    );
  }
  return { couriers, stops };
}

/**
 * Moves a courier on to device time `t` along its heading, wandering a little, and returns the
 * fix its phone would report there (a few metres of GPS noise).
 */
export function nextFix(courier: MovingCourier, t: number, rng: Rng): MotionFix {
  const seconds = courier.lastFixT === 0 ? 0 : (t - courier.lastFixT) / 1000;
  const meters = courier.speedMps * seconds;
  const rad = (courier.headingDeg * Math.PI) / 180;
  const step = offsetDegrees(courier, Math.cos(rad) * meters, Math.sin(rad) * meters);
  courier.lat += step.dLat;
  courier.lng += step.dLng;
  courier.headingDeg = (courier.headingDeg + rng.normal(0, 8) + 360) % 360;
  courier.lastFixT = t;
  const noise = offsetDegrees(courier, rng.normal(0, 3), rng.normal(0, 3));
  return {
    t,
    lat: courier.lat + noise.dLat,
    lng: courier.lng + noise.dLng,
    accuracyMeters: 5 + Math.round(rng.float() * 10),
  };
}

import type { PhoneGps } from './phone-gps';
import type { StreetDensity } from './street-density';

/** Where the phone truly is at one instant (with the courier, or left in a vehicle). */
export interface FixTruth {
  lat: number;
  lng: number;
  speedMps: number;
  headingDeg: number;
  atMs: number;
}

/** What the phone's GPS reports for that instant. */
export interface PhoneReading {
  lat: number;
  lng: number;
  accuracyMeters: number;
  speedMps: number;
  /** Null when the device reports none. */
  headingDeg: number | null;
}

/** The device an agent records its fixes from; null when it has no fix at that instant. */
export interface PhonePort {
  fix(truth: FixTruth): PhoneReading | null;
}

/**
 * A `PhoneGps` as the agent's phone: the urban density where the phone is (from the street
 * network, `street-density.ts`), never covered (the world has no tunnels yet).
 */
export function phoneGpsPort(gps: PhoneGps, densityAt: StreetDensity): PhonePort {
  return {
    fix(truth) {
      const density = densityAt(truth.lat, truth.lng);
      const fix = gps.fix({ ...truth, density, covered: false });
      if (!fix) return null;
      const { lat, lng, accuracyMeters, speedMps, headingDeg } = fix;
      return { lat, lng, accuracyMeters, speedMps, headingDeg };
    },
  };
}

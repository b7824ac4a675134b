import type { Ping } from '@dispatch/shared';
import { clamp, noisyPosition, round } from './gps-fix';
import type { Rng } from '../lib/rng';
import type { FixTruth, PhoneReading } from './world/phone-port';

/** A courier phone's battery: drains about 8%/h on the move and 3%/h standing, charges when low. */
export class PhoneBattery {
  private charging = false;

  constructor(public level: number) {}

  drain(elapsedMs: number, moving: boolean): void {
    const hours = elapsedMs / 3_600_000;
    if (this.charging) {
      this.level = Math.min(1, this.level + 0.6 * hours);
      if (this.level >= 0.95) this.charging = false;
    } else {
      this.level -= (moving ? 0.08 : 0.03) * hours;
      if (this.level <= 0.1) this.charging = true;
    }
    this.level = clamp(this.level, 0, 1);
  }
}

/** The plain noise model of `gps-fix.ts`, for an agent given no phone port. */
export function plainFix(truth: FixTruth, rng: Rng): PhoneReading {
  const { lat, lng, accuracyMeters } = noisyPosition(truth.lat, truth.lng, rng);
  const speedMps = truth.speedMps > 0 ? truth.speedMps + rng.normal(0, 0.3) : 0;
  return { lat, lng, accuracyMeters, speedMps, headingDeg: truth.headingDeg };
}

/** The wire ping of one reading, rounded to keep batches small. */
export function pingOf(seq: number, atMs: number, reading: PhoneReading, battery: number): Ping {
  return {
    seq,
    t: Math.round(atMs),
    lat: round(reading.lat, 7),
    lng: round(reading.lng, 7),
    acc: round(reading.accuracyMeters, 1),
    spd: round(clamp(reading.speedMps, 0, 150), 2),
    ...(reading.headingDeg === null ? {} : { hdg: round(reading.headingDeg, 1) % 360 }),
    bat: round(battery, 2),
  };
}

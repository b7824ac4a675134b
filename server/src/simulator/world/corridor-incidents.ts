import { createRng, hashSeed } from '../../lib/rng';
import type { BBox, LatLngPair } from '../../streets/network';
import { flatMeters } from './street-keys';
import type { CorridorIncident } from './types';

export interface CorridorScheduleOptions {
  seed: number;
  /** Mean incidents starting per hour in the whole city (a Poisson process). */
  perHour: number;
  /** Points on main roads to centre incidents on (preferred). */
  sites?: readonly LatLngPair[];
  /** Else a uniform centre in this box; with neither there are no incidents. */
  bbox?: BBox;
}

const HOUR_MS = 3_600_000;
/** The longest incident: how far back an instant must look for ones still running. */
export const MAX_INCIDENT_MS = 120 * 60_000;
/** Hours of incidents kept; a day's worth and more is a few hundred small objects. */
const MAX_CACHED_HOURS = 2000;

/**
 * A seeded Poisson schedule of corridor incidents. Each clock hour (since the epoch) draws its
 * own incidents from the seed and the hour alone, so any instant's incidents are known without
 * replaying the day, and every courier and run with the seed sees the same ones.
 */
export class CorridorSchedule {
  private readonly byHour = new Map<number, CorridorIncident[]>();

  constructor(private readonly options: CorridorScheduleOptions) {
    if (!(options.perHour >= 0)) throw new RangeError('perHour must be 0 or more');
  }

  /** Incidents overlapping [fromMs, toMs). */
  between(fromMs: number, toMs: number): CorridorIncident[] {
    const out: CorridorIncident[] = [];
    const first = Math.floor((fromMs - MAX_INCIDENT_MS) / HOUR_MS);
    const last = Math.floor(toMs / HOUR_MS);
    for (let hour = first; hour <= last; hour++) {
      for (const incident of this.hour(hour)) {
        if (incident.from < toMs && incident.to > fromMs) out.push(incident);
      }
    }
    return out;
  }

  /**
   * The multiplier incidents put on a main-road point at an instant: the strongest one covering
   * it (incidents do not stack: a street is only so blocked).
   */
  factorAt(point: LatLngPair, epochMs: number): number {
    let factor = 1;
    for (const incident of this.between(epochMs, epochMs + 1)) {
      const centre: LatLngPair = [incident.centre.lat, incident.centre.lng];
      if (flatMeters(point, centre) <= incident.radiusMeters) {
        factor = Math.min(factor, incident.factor);
      }
    }
    return factor;
  }

  private hour(hour: number): CorridorIncident[] {
    let incidents = this.byHour.get(hour);
    if (incidents) return incidents;
    incidents = this.draw(hour);
    if (this.byHour.size >= MAX_CACHED_HOURS) this.byHour.clear();
    this.byHour.set(hour, incidents);
    return incidents;
  }

  private draw(hour: number): CorridorIncident[] {
    const { seed, perHour, sites, bbox } = this.options;
    if (perHour === 0 || (!sites?.length && !bbox)) return [];
    const rng = createRng(hashSeed(seed, `corridor:${hour}`));
    const incidents: CorridorIncident[] = [];
    // Poisson count by multiplying uniforms (Knuth): rates here are around 1 per hour.
    const limit = Math.exp(-perHour);
    for (let p = rng.float(); p > limit; p *= rng.float()) {
      const from = hour * HOUR_MS + Math.floor(rng.range(0, HOUR_MS));
      const site = sites?.length ? sites[Math.floor(rng.float() * sites.length)]! : null;
      const centre = site
        ? { lat: site[0], lng: site[1] }
        : { lat: rng.range(bbox!.south, bbox!.north), lng: rng.range(bbox!.west, bbox!.east) };
      incidents.push({
        id: hour * 100 + incidents.length,
        centre,
        radiusMeters: Math.round(rng.range(300, 1000)),
        from,
        to: from + Math.round(rng.range(20, 120)) * 60_000,
        factor: rng.range(0.15, 0.5),
      });
    }
    return incidents;
  }
}

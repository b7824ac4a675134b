import { haversineMeters } from '@dispatch/shared';
import type { Rng } from '../../lib/rng';
import {
  WorldIncidentScheduler,
  type IncidentContext,
  type WorldIncident,
  type WorldIncidentOptions,
  type WorldIncidentUpdate,
} from './incidents';

/** A person walking from a parked vehicle to a door and back, m/s (for planning the door time). */
const WALK_MPS = 1.3;

/** The stop a courier walks to from a vehicle parked with the phone in it. */
export interface WalkToStop {
  stopId: number;
  parkedAt: { lat: number; lng: number };
  /** Seconds at the door, so that walking there, serving and walking back take the time planned. */
  doorSeconds: number;
}

/**
 * What one courier's incidents do to it: its cruising speed, whether its phone records and sends,
 * and where the phone is while the courier is on foot. The schedule is `WorldIncidentScheduler`;
 * this turns it into effects for the agent.
 */
export class CourierIncidents {
  readonly scheduler: WorldIncidentScheduler;
  private walk: WalkToStop | null = null;

  constructor(courierId: number, options: WorldIncidentOptions, rng: Rng, startMs: number) {
    this.scheduler = new WorldIncidentScheduler(courierId, options, rng, startMs);
  }

  /**
   * Advances the schedule. A phone-in-vehicle that starts parks the vehicle here, heading for
   * `targetStop` on foot; its door time fills the planned time away less the walk there and back
   * (at least the stop's own service time).
   */
  update(
    atMs: number,
    context: IncidentContext,
    targetStop: { id: number; lat: number; lng: number; serviceSeconds: number } | null,
  ): WorldIncidentUpdate {
    const update = this.scheduler.update(atMs, context);
    for (const incident of update.started) {
      if (incident.kind !== 'phone_in_vehicle' || !targetStop || !incident.parkedAt) continue;
      const { lat, lng } = incident.parkedAt;
      const walkSeconds = haversineMeters(lat, lng, targetStop.lat, targetStop.lng) / WALK_MPS;
      const awaySeconds = (incident.awayMinutes ?? 0) * 60;
      this.walk = {
        stopId: targetStop.id,
        parkedAt: incident.parkedAt,
        doorSeconds: Math.max(targetStop.serviceSeconds, awaySeconds - 2 * walkSeconds),
      };
    }
    return update;
  }

  /** The walk under way from a parked vehicle, if any. */
  get walkToStop(): WalkToStop | null {
    return this.walk;
  }

  /** The courier is back at the vehicle (or never left it): the phone-in-vehicle ends. */
  backAtVehicle(atMs: number): WorldIncident | null {
    this.walk = null;
    return this.scheduler.finish('phone_in_vehicle', atMs);
  }

  /**
   * Cruising speed under the incidents under way, from the courier's own. `streetFactor` is what
   * the street makes of a cruising speed (true speed ÷ cruising speed): a crawl divides its true
   * speed by it, so the courier truly creeps at the crawl's speed.
   */
  cruiseMps(ownMps: number, streetFactor = 1): number {
    const s = this.scheduler;
    if (s.activeOf('lunch') || s.activeOf('stop')) return 0;
    const crawl = s.activeOf('crawl')?.crawlMps;
    if (crawl === undefined) return ownMps;
    return Math.min(ownMps, crawl / Math.min(3, Math.max(0.2, streetFactor)));
  }

  /** The phone has no network (or is off): nothing it records goes out. */
  get silent(): boolean {
    return this.scheduler.activeOf('offline') !== undefined;
  }

  /** The phone is switched off: it records nothing either. */
  get phoneOff(): boolean {
    return this.scheduler.activeOf('offline')?.phoneOff === true;
  }

  /** Where the phone is when it is not with the courier (left in the parked vehicle). */
  get phoneLeftAt(): { lat: number; lng: number } | null {
    return this.walk?.parkedAt ?? null;
  }
}

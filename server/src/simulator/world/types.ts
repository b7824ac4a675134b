import type { Vehicle } from '@dispatch/shared';
import type { LatLngPair, RoadClass } from '../../streets/network';

/**
 * The simulated world's physics: how fast a street flows at a given moment and what a junction
 * costs. It is the world's own, described per street segment and road class: nothing in it is
 * expressed in the H3 cells or hourly buckets the product's models learn, so those models are
 * scored against something they did not shape.
 */

/** One street segment as a courier drives it, from one junction (or point) to the next. */
export interface Segment {
  from: LatLngPair;
  to: LatLngPair;
  roadClass: RoadClass;
  lengthMeters: number;
  /**
   * Streets meeting where the segment ends, when known: 2 or fewer is a bend or a shape point of
   * one street, not a junction, and costs nothing. Unknown: treated as a junction.
   */
  endDegree?: number;
}

/** A stretch of streets slowed for a while (a crash, road works, a market day). Ground truth. */
export interface CorridorIncident {
  id: number;
  centre: { lat: number; lng: number };
  radiusMeters: number;
  /** Epoch ms. */
  from: number;
  to: number;
  /** Multiplier on the speed of the main roads inside the radius while it lasts. */
  factor: number;
}

/** Traffic in the world: speeds by segment and time, junction delays, corridor incidents. */
export interface Traffic {
  /**
   * Multiplier on a vehicle's cruising speed (its speed on an empty residential street) on this
   * segment at this instant: the road class, the segment's own character, congestion by time of
   * day, and any corridor incident covering it.
   */
  speedFactor(segment: Segment, vehicle: Vehicle, epochMs: number): number;
  /**
   * Seconds lost at the junction where `segment` ends, arriving at `epochMs` and going on along
   * `next` (null: the journey ends there): a red light's remaining time, yielding, turning.
   * Deterministic for a junction and an instant.
   */
  junctionDelaySeconds(
    segment: Segment,
    next: Segment | null,
    vehicle: Vehicle,
    epochMs: number,
  ): number;
  /** Corridor incidents that overlap [fromMs, toMs), for the ground-truth log. */
  corridorIncidents(fromMs: number, toMs: number): readonly CorridorIncident[];
}

import type { Vehicle } from '@dispatch/shared';
import { GROUP_RANK, bearingOf, pointKey, rngFor, roadGroup } from './street-keys';
import type { Segment } from './types';

/** A traffic light as one approach sees it. */
export interface Signal {
  cycleSeconds: number;
  /** Red time of this approach in each cycle. */
  redSeconds: number;
  /** Where in the cycle this approach's red starts, seconds after the epoch's cycle start. */
  offsetSeconds: number;
}

/** What a junction costs one movement through it, before the instant is known. */
interface Movement {
  signal: Signal | null;
  /** Give-way and turning time when there is no light, at an empty hour. */
  yieldSeconds: number;
  /** Share of a light's red a pedestrian waits (many cross on a gap). */
  pedestrianShare: number;
}

/**
 * Chance a junction has lights, by the busier and the quieter road of the movement through it:
 * most crossings of two main roads are signalled, almost no crossing of two side streets.
 */
const LIGHT_CHANCE = [
  // quieter: local, collector, arterial; rows: busier
  [0.02, 0, 0],
  [0.1, 0.2, 0],
  [0.3, 0.4, 0.35],
];
const TURN_DEGREES = 35;

/**
 * Junction delays of a seeded city: lights with their own cycle and offset at a share of the
 * junctions, give-way and turning time elsewhere. Everything about a junction is drawn from the
 * seed and its position, so it is the same for every courier, and a delay depends only on the
 * junction, the movement and the instant.
 */
export class Junctions {
  constructor(private readonly seed: number) {}

  /**
   * Seconds lost at the end of `segment` going on along `next`, arriving at `epochMs`.
   * `busyness` (0..1, the share of speed the next road has lost to congestion) stretches
   * give-way waits: gaps in traffic are rarer in the rush.
   */
  delaySeconds(
    segment: Segment,
    next: Segment | null,
    vehicle: Vehicle,
    epochMs: number,
    busyness: number,
  ): number {
    const redWait = (signal: Signal): number => redRemainingSeconds(signal, epochMs);
    return this.movementDelaySeconds(segment, next, vehicle, busyness, redWait);
  }

  /** The delay averaged over arrival instants: a planner's expectation. */
  meanDelaySeconds(
    segment: Segment,
    next: Segment | null,
    vehicle: Vehicle,
    busyness: number,
  ): number {
    return this.movementDelaySeconds(segment, next, vehicle, busyness, meanRedWaitSeconds);
  }

  /** The light this movement meets, if any (null also where there is no junction). */
  signal(segment: Segment, next: Segment | null, vehicle: Vehicle): Signal | null {
    return this.movement(segment, next, vehicle)?.signal ?? null;
  }

  /**
   * The movement's give-way time stretched by `busyness`, or at a light the red it waits as
   * `redWait` gives it (at an instant or on average), of which a walker waits a share.
   */
  private movementDelaySeconds(
    segment: Segment,
    next: Segment | null,
    vehicle: Vehicle,
    busyness: number,
    redWait: (signal: Signal) => number,
  ): number {
    const movement = this.movement(segment, next, vehicle);
    if (!movement) return 0;
    const { signal } = movement;
    if (!signal) return movement.yieldSeconds * (1 + 2 * busyness);
    const wait = redWait(signal);
    return vehicle === 'foot' ? wait * movement.pedestrianShare : wait;
  }

  private movement(segment: Segment, next: Segment | null, vehicle: Vehicle): Movement | null {
    // The end of the journey, or a bend of one street: nothing to wait for.
    if (!next || (segment.endDegree !== undefined && segment.endDegree <= 2)) return null;
    const key = pointKey(segment.to);
    const rng = rngFor(this.seed, 'junction', key);
    const here = GROUP_RANK[roadGroup(segment.roadClass)];
    const there = GROUP_RANK[roadGroup(next.roadClass)];
    const lit = rng.float() < LIGHT_CHANCE[Math.max(here, there)]![Math.min(here, there)]!;
    const cycleSeconds = rng.range(60, 120);
    const offset = rng.range(0, cycleSeconds);
    const pedestrianShare = rng.chance(0.5) ? 1 : 0;
    const turnDegrees = angleBetween(
      bearingOf(segment.from, segment.to),
      bearingOf(next.from, next.to),
    );
    if (lit) {
      // The main road gets the longer green; the cross street the longer red.
      const redShare = here >= there ? rng.range(0.35, 0.45) : rng.range(0.5, 0.6);
      // Approaches along the two axes of the crossing are red in opposite halves of the cycle.
      const axis = Math.round(bearingOf(segment.from, segment.to) / 90) % 2;
      return {
        signal: {
          cycleSeconds,
          redSeconds: redShare * cycleSeconds,
          offsetSeconds: (offset + axis * cycleSeconds * 0.5) % cycleSeconds,
        },
        yieldSeconds: 0,
        pedestrianShare,
      };
    }
    const turning = turnDegrees > TURN_DEGREES;
    const joiningBusier = there > here;
    let yieldSeconds: number;
    if (vehicle === 'foot') {
      // Walkers only wait to cross a road busier than the one they walk along.
      yieldSeconds = there === 2 && here < 2 ? rng.range(0, 8) : 0;
    } else {
      yieldSeconds = (turning ? rng.range(2, 6) : 0) + (joiningBusier ? rng.range(3, 12) : 0);
      if (vehicle === 'bike') yieldSeconds *= 0.5;
    }
    return { signal: null, yieldSeconds, pedestrianShare };
  }
}

/** Seconds left of the red at an instant; 0 in the green. */
export function redRemainingSeconds(signal: Signal, epochMs: number): number {
  const { cycleSeconds, redSeconds, offsetSeconds } = signal;
  const inCycle = (((epochMs / 1000 - offsetSeconds) % cycleSeconds) + cycleSeconds) % cycleSeconds;
  return inCycle < redSeconds ? redSeconds - inCycle : 0;
}

/** The red wait averaged over arrival instants: red with chance red/cycle, then red/2 on average. */
function meanRedWaitSeconds(signal: Signal): number {
  return (signal.redSeconds * signal.redSeconds) / (2 * signal.cycleSeconds);
}

function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

import { createRng, hashSeed, type Rng } from '../../lib/rng';
import type { LatLngPair, RoadClass } from '../../streets/network';
import type { Segment } from './types';

/**
 * How a road class behaves in traffic: arterials carry through traffic and jam at peaks,
 * collectors feed them, local streets serve the houses along them.
 */
export type RoadGroup = 'arterial' | 'collector' | 'local';

const GROUP: Record<RoadClass, RoadGroup> = {
  motorway: 'arterial',
  trunk: 'arterial',
  primary: 'arterial',
  secondary: 'arterial',
  tertiary: 'collector',
  unclassified: 'collector',
  residential: 'local',
  living_street: 'local',
  service: 'local',
};

/** Rank of a group, higher for busier roads: who yields to whom at a junction. */
export const GROUP_RANK: Record<RoadGroup, number> = { local: 0, collector: 1, arterial: 2 };

export function roadGroup(roadClass: RoadClass): RoadGroup {
  return GROUP[roadClass];
}

/** Main roads: what a corridor incident slows (a crash or road works on a through route). */
export function isMainRoad(roadClass: RoadClass): boolean {
  return roadClass !== 'unclassified' && GROUP[roadClass] !== 'local';
}

/**
 * A point's key, rounded to about a metre: two segments sharing a junction give it the same key
 * whichever way they are driven, and a route's points and the network's nodes agree on it.
 */
export function pointKey([lat, lng]: LatLngPair): string {
  return `${Math.round(lat * 1e5)},${Math.round(lng * 1e5)}`;
}

/** A segment's key, the same in both directions. */
export function segmentKey(segment: Pick<Segment, 'from' | 'to'>): string {
  const a = pointKey(segment.from);
  const b = pointKey(segment.to);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** A random stream owned by one thing of the world (a street, a junction), fixed by the seed. */
export function rngFor(seed: number, kind: string, key: string): Rng {
  return createRng(hashSeed(seed, `${kind}:${key}`));
}

/** Compass bearing from one point to another, degrees (flat-earth: segments are short). */
export function bearingOf(from: LatLngPair, to: LatLngPair): number {
  const dy = to[0] - from[0];
  const dx = (to[1] - from[1]) * Math.cos((from[0] * Math.PI) / 180);
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/** Metres between two points on a local flat projection (good to a fraction of a percent in a city). */
export function flatMeters(a: LatLngPair, b: LatLngPair): number {
  const dy = (b[0] - a[0]) * 111_320;
  const dx = (b[1] - a[1]) * 111_320 * Math.cos((((a[0] + b[0]) / 2) * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

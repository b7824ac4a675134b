import { haversineMeters } from '@dispatch/shared';
import type { ContractionHierarchy } from '../streets/ch-query';
import type { StreetNetwork } from '../streets/network';

/** A position on the map. */
export interface MapPoint {
  lat: number;
  lng: number;
}

/**
 * The line along the streets from one point to another, as `[lng, lat]` pairs starting at
 * `from` and ending at `to`; null when no street path joins them (an end far off the network).
 */
export type StreetPathFinder = (from: MapPoint, to: MapPoint) => [number, number][] | null;

export interface StreetPathFinderOptions {
  /** A point farther than this from every street node is off the map (default 1000 m). */
  maxSnapMeters?: number;
}

/**
 * Finds street paths on a road graph: each end snaps to its nearest node, the fastest path
 * between the two nodes comes from the contraction hierarchy when there is one (the one the
 * road-graph ETAs already use), else from the network's own A* search. The line starts and
 * ends at the actual points, so it meets the courier and the stop markers.
 */
export function streetPathFinder(
  network: StreetNetwork,
  hierarchy: ContractionHierarchy | null,
  { maxSnapMeters = 1000 }: StreetPathFinderOptions = {},
): StreetPathFinder {
  if (hierarchy && hierarchy.network !== network) {
    throw new RangeError('the contraction hierarchy belongs to another network');
  }
  const snap = (p: MapPoint): number | null => {
    const node = network.nearestNode(p.lat, p.lng);
    const at = network.node(node);
    return haversineMeters(p.lat, p.lng, at.lat, at.lng) <= maxSnapMeters ? node : null;
  };
  return (from, to) => {
    const a = snap(from);
    const b = snap(to);
    if (a === null || b === null) return null;
    const route = hierarchy ? hierarchy.route(a, b) : network.route(a, b);
    if (!route) return null;
    const line: [number, number][] = [[from.lng, from.lat]];
    for (const [lat, lng] of route.points) pushDistinct(line, [lng, lat]);
    pushDistinct(line, [to.lng, to.lat]);
    if (line.length < 2) line.push([to.lng, to.lat]);
    return line;
  };
}

function pushDistinct(line: [number, number][], point: [number, number]): void {
  const last = line.at(-1);
  if (last && last[0] === point[0] && last[1] === point[1]) return;
  line.push(point);
}

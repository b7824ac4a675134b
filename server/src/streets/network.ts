import type { Rng } from '../lib/rng';

/** A position as `[lat, lng]` (note: GeoJSON uses the opposite order). */
export type LatLngPair = [lat: number, lng: number];

/** Road classes the simulator tells apart; each has a speed factor relative to a residential street. */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'unclassified',
  'residential',
  'living_street',
  'service',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** Multiplier on a vehicle's typical speed on each road class (residential = 1). */
export const ROAD_SPEED_FACTOR: Record<RoadClass, number> = {
  motorway: 1.8,
  trunk: 1.5,
  primary: 1.3,
  secondary: 1.2,
  tertiary: 1.1,
  unclassified: 0.9,
  residential: 1,
  living_street: 0.5,
  service: 0.6,
};

export interface StreetNode {
  /** The source's id (OSM node id, or a generated one). */
  id: number;
  lat: number;
  lng: number;
}

/** One direction of a street segment between two adjacent nodes (by index). */
export interface StreetEdge {
  to: number;
  lengthMeters: number;
  roadClass: RoadClass;
  speedFactor: number;
}

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** A path through the network: its points and, per segment between points, the road's speed factor. */
export interface StreetRoute {
  points: LatLngPair[];
  /** `segmentSpeedFactors[i]` applies between `points[i]` and `points[i + 1]`. */
  segmentSpeedFactors: number[];
  /** `segmentRoadClasses[i]`: the road class between `points[i]` and `points[i + 1]`. */
  segmentRoadClasses: RoadClass[];
  lengthMeters: number;
}

export interface StreetLineFeature {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [lng: number, lat: number][] };
  /** `name`: the street's name (OSM `name`, else its `ref`), when it has one. */
  properties: { roadClass: RoadClass; name?: string };
}

export interface StreetGeoJSON {
  type: 'FeatureCollection';
  features: StreetLineFeature[];
}

/**
 * A routable street graph. Nodes are addressed by a dense index `0..nodeCount-1`;
 * `node(i).id` is the source's own id. Edges are undirected (both directions are stored).
 */
export interface StreetNetwork {
  readonly nodeCount: number;
  /** Undirected street segments. */
  readonly edgeCount: number;
  readonly bbox: BBox;
  node(index: number): StreetNode;
  edges(index: number): StreetEdge[];
  /** Index of the node closest to a position. */
  nearestNode(lat: number, lng: number): number;
  /** Points of the fastest path (length / speed factor) between two nodes; empty when unreachable. */
  shortestPath(fromNode: number, toNode: number): LatLngPair[];
  /** Like `shortestPath`, with per-segment speed factors and the length; null when unreachable. */
  route(fromNode: number, toNode: number): StreetRoute | null;
  randomNode(rng: Rng): number;
  /** Every edge as a LineString feature, for drawing the streets on a map. */
  toGeoJSON(): StreetGeoJSON;
}

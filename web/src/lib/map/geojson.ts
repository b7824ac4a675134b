// The few GeoJSON shapes the console builds. (@types/geojson is not a dependency of the console.)

export type LngLat = [number, number];

export interface Point {
  type: 'Point';
  coordinates: LngLat;
}

export interface LineString {
  type: 'LineString';
  coordinates: LngLat[];
}

export interface Polygon {
  type: 'Polygon';
  coordinates: LngLat[][];
}

export type Geometry = Point | LineString | Polygon;

export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'Feature';
  id?: number | string;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

export function featureCollection<G extends Geometry, P>(
  features: Feature<G, P>[],
): FeatureCollection<G, P> {
  return { type: 'FeatureCollection', features };
}

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The ETA model: travel-time providers, learned speeds and route ETA chaining, as plain data in and out. */
export {
  DEFAULT_CIRCUITY,
  type GeoPoint,
  type TravelContext,
  type TravelTimeProvider,
  type VehicleSpeeds,
} from './travel-time';
export { ConstantSpeedProvider, type ConstantSpeedOptions } from './constant-speed-provider';
export {
  LearnedSpeeds,
  type LearnedSpeedsOptions,
  type SpeedEstimate,
  type SpeedSource,
} from './learned-speeds';
export type { LearnedSpeedsSnapshot } from './learned-speeds-snapshot';
export type { CourierFix, TrackFixOutcome, SegmentRules } from './courier-track';
export {
  LearnedSpeedProvider,
  type LearnedSpeedProviderOptions,
  type SpeedLookup,
} from './learned-speed-provider';
export { RoadGraphProvider, type RoadGraphProviderOptions } from './road-graph-provider';
export { typicalRoadFactors, vehicleRoadFactor, type TypicalRoadFactors } from './road-factors';
export { routeEtas, type EtaStop, type RouteStart, type StopEta } from './route-etas';

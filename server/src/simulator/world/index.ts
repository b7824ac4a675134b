export type { CorridorIncident, Segment, Traffic } from './types';
export {
  FREE_FLOW_TRAFFIC,
  createTraffic,
  expectedTravelSeconds,
  mainRoadSites,
  networkDegree,
  routeSegments,
  type TrafficOptions,
  type WorldTraffic,
} from './traffic';
export { Junctions, redRemainingSeconds, type Signal } from './junctions';
export {
  chooseRoute,
  cutShort,
  drawBehaviour,
  parksAway,
  planParking,
  type CourierBehaviour,
  type ParkingPlan,
} from './route-choice';
export { RUSHES, congestionLoss } from './congestion';

/** Planning a day's stops onto couriers: the routing core over live couriers and real places. */
export { placeLate, type LatePlacement, type PlaceLateOptions } from './late-placement';
export {
  planCalibrated,
  planDeliveries,
  type DeliveryPlan,
  type PlanDeliveriesOptions,
  type PlanInput,
} from './plan-deliveries';
export { PlanRunner } from './plan-runner';
export { buildPlanProblem, type PlanCourier, type PlanStop, type PlanVisit } from './plan-problem';
export { calibrateTravel, type TravelCalibration } from './travel-calibration';
export { plannedArrivals } from './planned-arrivals';

export type {
  RoutingNode,
  RoutingProblem,
  RoutingVehicle,
  Solution,
  StopPair,
  StopPin,
} from './problem';
export { euclideanMatrix, validateProblem } from './problem';
export { checkSolution, solutionDistance, type CheckOptions, type Violation } from './checker';
export { planRoutes, type PlanOptions, type PlanResult } from './planner';
export { localSearch, type LocalSearchOptions } from './local-search';
export {
  resequenceRoute,
  type ResequenceOptions,
  type ResequenceResult,
  type StopTiming,
} from './resequence';
export { compileProblem, type CompiledProblem } from './compiled';
export { RouteSet } from './route-set';
export { canInsert, insertionCost, RouteState } from './route-state';
export {
  cheapestInsertion,
  insertByRegret,
  insertCheapest,
  type InsertionChoice,
} from './insertion';
export { insertByLazyRegret } from './lazy-regret';

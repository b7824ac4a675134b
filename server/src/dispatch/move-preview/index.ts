/** Moves looked at before they are made: lateness before and after, cheapest places, candidates. */
export { routeOutlook, routeAfterMove, type RouteOutlook } from './route-outlook';
export {
  CHEAPEST_PLACE_RULES,
  cheapestPlacement,
  evaluateMove,
  latenessAddedSeconds,
  stopsMadeLate,
  type CourierMove,
  type MoveOutcome,
  type Placement,
} from './move-plan';
export {
  addedDriveSeconds,
  cheapestFirst,
  rankCandidates,
  type RankedCandidate,
} from './rank-candidates';
export { movingStops, type MovingStops } from './moving-stops';

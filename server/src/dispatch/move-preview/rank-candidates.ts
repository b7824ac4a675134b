import type { TravelTimeProvider } from '../../eta';
import { findCandidates, type CandidateRules, type LiveModel, type LiveStop } from '../suggest';
import {
  cheapestPlacement,
  evaluateMove,
  latenessAddedSeconds,
  stopsMadeLate,
  type CourierMove,
  type Placement,
} from './move-plan';

/** A courier who could take the moving stops, at its cheapest place. */
export interface RankedCandidate {
  placement: Placement;
  /** The receiver's route before and after. */
  move: CourierMove;
  /** Metres from the courier's way (position, stops and the lines between) to the first stop. */
  reachMeters: number;
}

/**
 * Couriers who may take `moving` (eligible by the suggestion engine's rules: available, on
 * shift, room, near enough for the vehicle; never a current owner), found by the H3 ring
 * search around the first stop, each at its cheapest place, ranked by the driving they would
 * add, then the lateness they would gain, then id. At most `limit`.
 */
export function rankCandidates(
  model: LiveModel,
  moving: readonly LiveStop[],
  rules: CandidateRules,
  provider: TravelTimeProvider,
  limit: number,
): RankedCandidate[] {
  const anchor = moving[0];
  if (!anchor) return [];
  const owners = new Set(moving.flatMap((s) => (s.courierId === null ? [] : [s.courierId])));
  // More than asked for: the nearest are not always the cheapest.
  const search = findCandidates(
    anchor,
    model,
    { ...rules, minCandidates: Math.max(rules.minCandidates, 2 * limit) },
    { now: model.now, excluded: owners },
  );
  const ranked = search.candidates.map(({ courier, reachMeters }): RankedCandidate => {
    const placement = cheapestPlacement(courier, moving, model.now, provider);
    const { receiver } = evaluateMove([], courier, moving, placement.position, model.now, provider);
    return { placement, move: receiver, reachMeters };
  });
  return ranked.sort(cheapestFirst).slice(0, limit);
}

/** Least driving added, then least lateness gained, then lowest courier id. */
export function cheapestFirst(a: RankedCandidate, b: RankedCandidate): number {
  return (
    addedDriveSeconds(a.move) - addedDriveSeconds(b.move) ||
    latenessAddedSeconds(a.move) - latenessAddedSeconds(b.move) ||
    stopsMadeLate(a.move) - stopsMadeLate(b.move) ||
    a.move.courier.id - b.move.courier.id
  );
}

/** Driving a move adds to one route, seconds (negative: saved). */
export function addedDriveSeconds(move: CourierMove): number {
  return move.after.driveSeconds - move.before.driveSeconds;
}

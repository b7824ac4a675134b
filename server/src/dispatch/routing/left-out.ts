import type { CompiledProblem } from './compiled';
import type { Recreate } from './recreate';
import { RouteSet } from './route-set';
import { canInsert, RouteState } from './route-state';
import type { StringRuin } from './ruin';

/**
 * Ruin-and-recreate that works stops left out back in, with the SISR paper's fleet-phase rule:
 * every round puts the stops still out back with the freed ones, and is kept when it leaves
 * fewer stops out, or leaves out stops that were out less often (each stop counts the rounds
 * it spent out), which steers the search to place the hard ones first. Distance is not looked
 * at. `current` is the working plan; callers keep their own best.
 */
export class LeftOutSearch {
  current: RouteSet;
  private candidate: RouteSet;
  private readonly absences: Float64Array;
  private readonly left: Int32Array;
  private currentOut = 0;
  private currentAbsence = 0;

  constructor(
    private readonly problem: CompiledProblem,
    private readonly ruin: StringRuin,
    private readonly recreate: Recreate,
  ) {
    this.current = new RouteSet(problem);
    this.candidate = new RouteSet(problem);
    this.absences = new Float64Array(problem.nodeCount);
    this.left = new Int32Array(problem.stops.length);
  }

  /** Starts over from a copy of `routes` (stop absences are kept). */
  reset(routes: RouteSet): void {
    this.current.copyFrom(routes);
    this.restart();
  }

  /** Starts over from `current` as it now is, after a caller changed it. */
  restart(): void {
    this.candidate.copyFrom(this.current);
    this.current.touched.fill(0);
    this.candidate.touched.fill(0);
    this.currentOut = this.current.unassignedCount();
    this.currentAbsence = this.absenceOf(this.current);
  }

  /** One round; returns how many stops `current` leaves out after it. */
  round(): number {
    const { problem: p, ruin, recreate, left, absences } = this;
    let candidate = this.candidate;
    ruin.run(candidate);
    // The stops still out go back with the freed ones.
    let count = 0;
    for (const stop of p.stops) if (candidate.routeOf[stop] === -1) left[count++] = stop;
    recreate.run(candidate, left, count);
    const modified = candidate;
    const out = candidate.unassignedCount();
    const absence = this.absenceOf(candidate);
    if (
      candidate.changedRoutesFeasible() &&
      (out < this.currentOut || absence < this.currentAbsence)
    ) {
      [this.current, candidate] = [candidate, this.current];
      this.currentOut = out;
    }
    candidate.syncFrom(this.current, modified.touched);
    this.candidate = candidate;
    for (const stop of p.stops) if (this.current.routeOf[stop] === -1) absences[stop]!++;
    this.currentAbsence = this.absenceOf(this.current);
    return this.currentOut;
  }

  /** How often, summed, the stops now out of `routes` were out before. */
  private absenceOf(routes: RouteSet): number {
    let total = 0;
    for (const stop of routes.problem.stops)
      if (routes.routeOf[stop] === -1) total += this.absences[stop]!;
    return total;
  }
}

/**
 * How many of the stops out of `routes` no vehicle could serve even alone (window, capacity,
 * stop limit or pin): no search can place those. A stop of a pair counts as placeable.
 */
export function unplaceableAlone(routes: RouteSet): number {
  const p = routes.problem;
  let empty: RouteState[] | null = null;
  let count = 0;
  for (const stop of p.stops) {
    if (routes.routeOf[stop] !== -1 || p.partner[stop]! >= 0) continue;
    empty ??= Array.from({ length: p.vehicleCount }, (_, v) => new RouteState(p, v));
    if (!empty.some((route) => canInsert(route, 0, stop))) count++;
  }
  return count;
}

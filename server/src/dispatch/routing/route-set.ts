import type { CompiledProblem } from './compiled';
import type { Solution } from './problem';
import { RouteState, type StopIndex } from './route-state';

/** Every vehicle's route plus where each stop is; one working solution of the planner. */
export class RouteSet implements StopIndex {
  readonly routes: RouteState[];
  readonly routeOf: Int32Array;
  readonly positionOf: Int32Array;
  readonly touched: Uint8Array;

  constructor(readonly problem: CompiledProblem) {
    this.routeOf = new Int32Array(problem.nodeCount).fill(-1);
    this.positionOf = new Int32Array(problem.nodeCount);
    this.touched = new Uint8Array(problem.vehicleCount);
    this.routes = [];
    for (let v = 0; v < problem.vehicleCount; v++)
      this.routes.push(new RouteState(problem, v, this));
  }

  /** Sum of the routes' distances. */
  totalDistance(): number {
    let total = 0;
    for (const route of this.routes) total += route.distance;
    return total;
  }

  assignedCount(): number {
    let count = 0;
    for (const route of this.routes) count += route.stopCount;
    return count;
  }

  unassignedCount(): number {
    return this.problem.stops.length - this.assignedCount();
  }

  usedVehicleCount(): number {
    let count = 0;
    for (const route of this.routes) if (route.stopCount > 0) count++;
    return count;
  }

  /** Whether every route changed since the flags were last cleared is feasible. */
  changedRoutesFeasible(): boolean {
    for (let v = 0; v < this.routes.length; v++) {
      if (this.touched[v] === 1 && !this.routes[v]!.feasible) return false;
    }
    return true;
  }

  copyFrom(other: RouteSet): void {
    for (let v = 0; v < this.routes.length; v++) this.routes[v]!.copyFrom(other.routes[v]!);
    this.routeOf.set(other.routeOf);
    this.positionOf.set(other.positionOf);
  }

  /**
   * Makes this equal to `other` again when they differ only in the routes flagged in
   * `changed` (which is then cleared): cheaper than a full copy when few routes changed.
   */
  syncFrom(other: RouteSet, changed: Uint8Array): void {
    for (let v = 0; v < this.routes.length; v++) {
      if (changed[v] === 1) this.routes[v]!.copyFrom(other.routes[v]!);
    }
    changed.fill(0);
    this.routeOf.set(other.routeOf);
    this.positionOf.set(other.positionOf);
  }

  /** Loads routes as given; stops not on any route are unassigned. Feasibility is not checked, the stops are. */
  load(solution: Solution): void {
    const seen = new Set<number>();
    solution.routes.forEach((stops, v) => {
      if (v >= this.routes.length && stops.length > 0)
        throw new RangeError(`route ${v} has no vehicle`);
      for (const stop of stops) {
        if (this.problem.isStop[stop] !== 1 || seen.has(stop))
          throw new RangeError(`node ${stop} is not a stop or appears twice`);
        seen.add(stop);
      }
    });
    this.routeOf.fill(-1);
    this.routes.forEach((route, v) => route.assign(solution.routes[v] ?? []));
  }

  toSolution(): Solution {
    const routes = this.routes.map((route) => route.stops());
    const unassigned = Array.from(this.problem.stops).filter((stop) => this.routeOf[stop] === -1);
    return { routes, unassigned };
  }
}

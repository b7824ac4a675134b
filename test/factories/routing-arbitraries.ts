import fc from 'fast-check';
import { checkSolution, type Violation } from '../../server/src/dispatch/routing/checker';
import type {
  RoutingProblem,
  RoutingVehicle,
  Solution,
} from '../../server/src/dispatch/routing/problem';

/** A small random problem with random (not necessarily feasible) routes over it. */
export interface ProblemWithRoutes {
  problem: RoutingProblem;
  solution: Solution;
}

/** Size limits of generated problems; wider windows and smaller demands give longer routes. */
export interface ProblemShape {
  maxStops?: number;
  maxVehicles?: number;
  maxWindowWidth?: number;
  maxDemand?: number;
}

/**
 * Random small problems for property tests: integer times (so fast and brute-force answers
 * compare exactly), matrices that need not obey the triangle inequality, a shared depot,
 * couriers starting at their own positions, open and closed routes, used load, pins, travel
 * factors other than 1 and stop limits.
 */
export function problemArbitrary(shape: ProblemShape = {}): fc.Arbitrary<RoutingProblem> {
  const { maxStops = 8, maxVehicles = 3, maxWindowWidth = 80, maxDemand = 6 } = shape;
  return fc
    .record({
      stopCount: fc.integer({ min: 1, max: maxStops }),
      vehicleCount: fc.integer({ min: 1, max: maxVehicles }),
    })
    .chain(({ stopCount, vehicleCount }) => {
      const nodeCount = 1 + vehicleCount + stopCount;
      const matrix = fc.array(fc.integer({ min: 1, max: 15 }), {
        minLength: nodeCount * nodeCount,
        maxLength: nodeCount * nodeCount,
      });
      const node = fc.record({
        windowStart: fc.integer({ min: 0, max: 60 }),
        width: fc.integer({ min: 0, max: maxWindowWidth }),
        serviceTime: fc.integer({ min: 0, max: 6 }),
        demand: fc.integer({ min: 0, max: maxDemand }),
      });
      const vehicle = fc.record({
        ownStart: fc.boolean(),
        returns: fc.boolean(),
        capacity: fc.integer({ min: 4, max: 25 }),
        usedLoad: fc.integer({ min: 0, max: 4 }),
        earliestDeparture: fc.integer({ min: 0, max: 15 }),
        shiftLength: fc.integer({ min: 30, max: 120 + maxWindowWidth }),
        // Powers of two and their sums keep scaled integer times exact.
        travelFactor: fc.constantFrom(1, 1, 1, 0.5, 1.25, 1.5, 2),
        maxStops: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 2, nil: undefined }),
      });
      return fc.record({
        stopNodes: fc.array(node, { minLength: stopCount, maxLength: stopCount }),
        vehicles: fc.array(vehicle, { minLength: vehicleCount, maxLength: vehicleCount }),
        travel: matrix,
        distance: matrix,
        pins: fc.array(fc.integer({ min: -4 * vehicleCount, max: vehicleCount - 1 }), {
          minLength: stopCount,
          maxLength: stopCount,
        }),
      });
    })
    .map(({ stopNodes, vehicles, travel, distance, pins }) => {
      const firstStop = 1 + vehicles.length;
      const nodeCount = firstStop + stopNodes.length;
      const zeroDiagonal = (values: number[]) =>
        values.map((value, i) => (Math.floor(i / nodeCount) === i % nodeCount ? 0 : value));
      const idle = { windowStart: 0, windowEnd: 0, serviceTime: 0, demand: 0 };
      return {
        nodes: [
          ...Array.from({ length: firstStop }, () => idle),
          ...stopNodes.map((s) => ({
            windowStart: s.windowStart,
            windowEnd: s.windowStart + s.width,
            serviceTime: s.serviceTime,
            demand: s.demand,
          })),
        ],
        stops: stopNodes.map((_, i) => firstStop + i),
        vehicles: vehicles.map((v, i): RoutingVehicle => ({
          startNode: v.ownStart ? 1 + i : 0,
          endNode: v.returns ? 0 : undefined,
          capacity: v.capacity,
          usedLoad: v.usedLoad,
          earliestDeparture: v.earliestDeparture,
          latestEnd: v.earliestDeparture + v.shiftLength,
          ...(v.travelFactor === 1 ? {} : { travelFactor: v.travelFactor }),
          ...(v.maxStops === undefined ? {} : { maxStops: v.maxStops }),
        })),
        travelTimes: zeroDiagonal(travel),
        distances: zeroDiagonal(distance),
        pins: pins.flatMap((vehicle, i) =>
          vehicle >= 0 ? [{ stop: firstStop + i, vehicle }] : [],
        ),
      };
    });
}

/** A random problem and a random placement of its stops: each on some route or unassigned. */
export function problemWithRoutesArbitrary(
  shape: ProblemShape = {},
): fc.Arbitrary<ProblemWithRoutes> {
  return problemArbitrary(shape).chain((problem) =>
    fc
      .array(
        fc.record({
          vehicle: fc.integer({ min: -1, max: problem.vehicles.length - 1 }),
          order: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { minLength: problem.stops.length, maxLength: problem.stops.length },
      )
      .map((placement) => {
        const routes: number[][] = problem.vehicles.map(() => []);
        const unassigned: number[] = [];
        const ordered = problem.stops
          .map((stop, i) => ({ stop, ...placement[i]! }))
          .sort((a, b) => a.order - b.order);
        for (const { stop, vehicle } of ordered) {
          if (vehicle < 0) unassigned.push(stop);
          else routes[vehicle]!.push(stop);
        }
        return { problem, solution: { routes, unassigned } };
      }),
  );
}

/**
 * Whether the checker finds one route on its own feasible (windows, shift end, capacity, stop
 * limit, pins).
 */
export function routeFeasibleByChecker(
  problem: RoutingProblem,
  vehicle: number,
  stops: readonly number[],
): boolean {
  const routes = problem.vehicles.map((_, v) => (v === vehicle ? [...stops] : []));
  const unassigned = problem.stops.filter((stop) => !stops.includes(stop));
  return routeViolations(checkSolution(problem, { routes, unassigned }), vehicle).length === 0;
}

/** Whether the checker finds one route on time (windows and shift end only). */
export function routeOnTimeByChecker(
  problem: RoutingProblem,
  vehicle: number,
  stops: readonly number[],
): boolean {
  const routes = problem.vehicles.map((_, v) => (v === vehicle ? [...stops] : []));
  const unassigned = problem.stops.filter((stop) => !stops.includes(stop));
  return !routeViolations(checkSolution(problem, { routes, unassigned }), vehicle).some(
    (violation) => violation.kind === 'window' || violation.kind === 'shift_end',
  );
}

/** The violations that belong to one vehicle's route. */
export function routeViolations(violations: readonly Violation[], vehicle: number): Violation[] {
  return violations.filter((violation) => {
    switch (violation.kind) {
      case 'window':
      case 'capacity':
      case 'max_stops':
      case 'shift_end':
        return violation.vehicle === vehicle;
      case 'pin':
        return violation.actualVehicle === vehicle;
      default:
        return false;
    }
  });
}

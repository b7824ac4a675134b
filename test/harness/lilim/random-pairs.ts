import fc from 'fast-check';
import { checkSolution } from '../../../server/src/dispatch/routing/checker';
import type { RoutingProblem, Solution } from '../../../server/src/dispatch/routing/problem';
import { Random } from '../../../server/src/dispatch/routing/random';
import { problemArbitrary, type ProblemShape } from '../../factories/routing-arbitraries';

/**
 * Random small pickup-and-delivery problems for property tests: the problems of
 * `problemArbitrary` (integer times, matrices that need not obey the triangle inequality, open
 * and closed routes, used load, pins, travel factors, stop limits) with some of their stops
 * paired. A pickup keeps its demand, its delivery takes the negative; a pair pinned on both
 * stops keeps the pickup's pin on both.
 */
export function pairedProblemArbitrary(
  shape: ProblemShape & { allPaired?: boolean } = {},
): fc.Arbitrary<RoutingProblem> {
  return problemArbitrary(shape)
    .filter((problem) => problem.stops.length >= 2)
    .chain((problem) =>
      fc.record({
        problem: fc.constant(problem),
        order: fc.shuffledSubarray([...problem.stops], {
          minLength: problem.stops.length,
          maxLength: problem.stops.length,
        }),
        pairCount: shape.allPaired
          ? fc.constant(Math.floor(problem.stops.length / 2))
          : fc.integer({ min: 1, max: Math.floor(problem.stops.length / 2) }),
      }),
    )
    .map(({ problem, order, pairCount }) => {
      const nodes = problem.nodes.map((node) => ({ ...node }));
      const pins = new Map((problem.pins ?? []).map((pin) => [pin.stop, pin.vehicle]));
      const pairs = Array.from({ length: pairCount }, (_, k) => {
        const pickup = order[2 * k]!;
        const delivery = order[2 * k + 1]!;
        nodes[delivery]!.demand = -nodes[pickup]!.demand;
        const pin = pins.get(pickup);
        if (pin === undefined) pins.delete(delivery);
        else pins.set(delivery, pin);
        return { pickup, delivery };
      });
      return {
        ...problem,
        nodes,
        pins: [...pins].map(([stop, vehicle]) => ({ stop, vehicle })),
        pairs,
      };
    });
}

/**
 * Whether the checker finds one route on its own feasible (windows, shift end, load at every
 * point, stop limit, pins, and every pair on it whole and in order).
 */
export function pairRouteFeasible(
  problem: RoutingProblem,
  vehicle: number,
  stops: readonly number[],
): boolean {
  const routes = problem.vehicles.map((_, v) => (v === vehicle ? [...stops] : []));
  const unassigned = problem.stops.filter((stop) => !stops.includes(stop));
  return checkSolution(problem, { routes, unassigned }).length === 0;
}

/**
 * A feasible but poor solution: each plain stop or pair (through its pickup), in random order,
 * at a random place the checker accepts; the rest unassigned. Pairs go in whole.
 */
export function scatteredPairs(problem: RoutingProblem, seed: number): Solution {
  const random = new Random(seed);
  const partner = new Map<number, number>();
  for (const { pickup, delivery } of problem.pairs ?? []) {
    partner.set(pickup, delivery);
    partner.set(delivery, -1);
  }
  const routes: number[][] = problem.vehicles.map(() => []);
  const units = problem.stops.filter((stop) => partner.get(stop) !== -1);
  random.shuffle(units);
  for (const stop of units) {
    const delivery = partner.get(stop);
    const places: number[][][] = [];
    routes.forEach((route, v) => {
      for (let i = 0; i <= route.length; i++) {
        for (let j = i; j <= (delivery === undefined ? i : route.length); j++) {
          const stops = [...route];
          if (delivery !== undefined) stops.splice(j, 0, delivery);
          stops.splice(i, 0, stop);
          if (pairRouteFeasible(problem, v, stops))
            places.push(routes.map((r, w) => (w === v ? stops : r)));
        }
      }
    });
    if (places.length > 0) routes.splice(0, routes.length, ...places[random.below(places.length)]!);
  }
  const placed = new Set(routes.flat());
  return { routes, unassigned: problem.stops.filter((stop) => !placed.has(stop)) };
}

import type { CompiledProblem } from './compiled';
import type { NeighbourLists } from './neighbours';
import type { Random } from './random';
import type { RouteSet } from './route-set';

/** Sizes of the string removals (Christiaens & Vanden Berghe's c̄ and L^max). */
export interface RuinParameters {
  /** Average number of stops removed per ruin. */
  averageRemoved: number;
  /** Longest string removed from one route. */
  maxStringLength: number;
  /** Chance that a string keeps a run of stops in its middle (split string). */
  splitRate: number;
  /** Chance of keeping one more stop in a split string's preserved run. */
  splitGrowth: number;
}

/** The paper's values (its split depth β = 0.01 is a growth chance of 0.99). */
export const DEFAULT_RUIN: RuinParameters = {
  averageRemoved: 10,
  maxStringLength: 10,
  splitRate: 0.5,
  splitGrowth: 0.99,
};

/**
 * SISR ruin: removes strings (runs of consecutive stops) from routes near a random seed stop,
 * at most one string per route, so the freed stops sit close together and their routes get
 * slack. A pair leaves whole: a string that takes one of its stops takes the other too.
 */
export class StringRuin {
  /** The stops the last `run` removed (the first `count` entries). */
  readonly removed: Int32Array;
  private readonly flags: Uint8Array;
  private readonly routeCut: Uint8Array;

  constructor(
    private readonly problem: CompiledProblem,
    private readonly adjacency: NeighbourLists,
    private readonly random: Random,
    private readonly parameters: RuinParameters,
  ) {
    this.removed = new Int32Array(problem.stops.length);
    this.flags = new Uint8Array(problem.nodeCount);
    this.routeCut = new Uint8Array(problem.vehicleCount);
  }

  /** Removes strings from `routes`; returns how many stops it removed. */
  run(routes: RouteSet): number {
    const { random, parameters, removed, flags, routeCut } = this;
    const stops = routes.problem.stops;
    const used = routes.usedVehicleCount();
    if (used === 0) return 0;
    const averageLength = routes.assignedCount() / used;
    const maxLength = Math.min(parameters.maxStringLength, averageLength);
    const maxStrings = (4 * parameters.averageRemoved) / (1 + maxLength) - 1;
    const stringCount = Math.floor(random.float() * maxStrings) + 1;
    const seed = stops[random.below(stops.length)]!;
    routeCut.fill(0);
    let strings = 0;
    let count = 0;
    const { width, list } = this.adjacency;
    for (let n = -1; n < width && strings < stringCount; n++) {
      const stop = n < 0 ? seed : list[seed * width + n]!;
      const r = routes.routeOf[stop]!;
      if (r < 0 || routeCut[r] === 1) continue;
      const route = routes.routes[r]!;
      const length = Math.floor(random.float() * Math.min(route.stopCount, maxLength)) + 1;
      const position = routes.positionOf[stop]!;
      let preserved = 0;
      if (length < route.stopCount && random.float() < parameters.splitRate) {
        preserved = 1;
        while (length + preserved < route.stopCount && random.float() < parameters.splitGrowth)
          preserved++;
      }
      const span = length + preserved;
      const lowest = Math.max(1, position - span + 1);
      const highest = Math.min(position, route.stopCount - span + 1);
      const first = lowest + random.below(highest - lowest + 1);
      const keepFrom = first + random.below(span - preserved + 1);
      const stringStart = count;
      for (let pos = first; pos < first + span; pos++) {
        if (pos >= keepFrom && pos < keepFrom + preserved) continue;
        const node = route.nodes[pos]!;
        flags[node] = 1;
        removed[count++] = node;
      }
      if (routes.problem.hasPairs) count = this.withPartners(stringStart, count);
      route.removeFlagged(flags);
      routeCut[r] = 1;
      strings++;
    }
    for (let i = 0; i < count; i++) flags[removed[i]!] = 0;
    return count;
  }

  /**
   * Adds the other stop of every pair the string at removed[from..to) cut (on the same route);
   * returns the new count.
   */
  private withPartners(from: number, to: number): number {
    const { removed, flags } = this;
    const partner = this.problem.partner;
    let count = to;
    for (let i = from; i < to; i++) {
      const other = partner[removed[i]!]!;
      if (other < 0 || flags[other] === 1) continue;
      flags[other] = 1;
      removed[count++] = other;
    }
    return count;
  }
}

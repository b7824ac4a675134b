import { EPSILON, type CompiledProblem } from './compiled';

/**
 * The load on board along one route of a problem with pairs, so that capacity at every point
 * is checked in constant time (plus a walk over the stops a move reorders). Loads leave out the
 * vehicle's used load: they are compared with its free capacity. Positions as in `RouteState`
 * (0 the start, 1..stopCount the stops); "list index k" is the place between positions k and
 * k + 1.
 */
export class LoadProfile {
  /** Load on board leaving each position (position 0: the start, every plain stop's load on). */
  readonly onBoard: Float64Array;
  /** Highest load over positions 0..pos. */
  readonly peakUpTo: Float64Array;
  /** Highest load over positions pos..stopCount; -Infinity past the last stop. */
  readonly peakFrom: Float64Array;
  /** Start load of the stops at positions 1..pos. */
  readonly startLoadUpTo: Float64Array;
  /** Pairs picked up at or before each position and delivered after it. */
  readonly openPairs: Int32Array;
  /** The vehicle's free capacity, with the comparison slack. */
  readonly capacity: number;
  stopCount = 0;

  constructor(
    private readonly problem: CompiledProblem,
    vehicle: number,
  ) {
    const size = problem.stops.length + 2;
    this.onBoard = new Float64Array(size);
    this.peakUpTo = new Float64Array(size);
    this.peakFrom = new Float64Array(size);
    this.startLoadUpTo = new Float64Array(size);
    this.openPairs = new Int32Array(size);
    this.capacity = problem.freeCapacity[vehicle]! + EPSILON;
  }

  /** The highest load anywhere on the route. */
  get peak(): number {
    return this.peakUpTo[this.stopCount]!;
  }

  /** Recomputes every array for `nodes[1..stopCount]`. */
  rebuild(nodes: Int32Array, stopCount: number): void {
    const p = this.problem;
    const { onBoard, peakUpTo, peakFrom, startLoadUpTo, openPairs } = this;
    this.stopCount = stopCount;
    let startLoad = 0;
    startLoadUpTo[0] = 0;
    openPairs[0] = 0;
    for (let pos = 1; pos <= stopCount; pos++) {
      const node = nodes[pos]!;
      startLoad += p.startLoad[node]!;
      startLoadUpTo[pos] = startLoad;
      openPairs[pos] = openPairs[pos - 1]! + p.pairRole[node]!;
    }
    let load = startLoad;
    let peak = load;
    onBoard[0] = peakUpTo[0] = load;
    for (let pos = 1; pos <= stopCount; pos++) {
      load += p.loadChange[nodes[pos]!]!;
      onBoard[pos] = load;
      if (load > peak) peak = load;
      peakUpTo[pos] = peak;
    }
    const last = stopCount + 1;
    onBoard[last] = load;
    peakUpTo[last] = peak;
    startLoadUpTo[last] = startLoad;
    openPairs[last] = openPairs[stopCount]!;
    peakFrom[last] = -Infinity;
    for (let pos = stopCount; pos >= 0; pos--) {
      const here = onBoard[pos]!;
      const later = peakFrom[pos + 1]!;
      peakFrom[pos] = here > later ? here : later;
    }
  }

  copyFrom(other: LoadProfile, used: number): void {
    this.onBoard.set(other.onBoard.subarray(0, used));
    this.peakUpTo.set(other.peakUpTo.subarray(0, used));
    this.peakFrom.set(other.peakFrom.subarray(0, used));
    this.startLoadUpTo.set(other.startLoadUpTo.subarray(0, used));
    this.openPairs.set(other.openPairs.subarray(0, used));
    this.stopCount = other.stopCount;
  }

  /** Whether plain stop `stop` fits at list index `k`: its load rides from the start to it. */
  plainFitsAt(k: number, stop: number): boolean {
    const before = this.peakUpTo[k]! + this.problem.startLoad[stop]!;
    return before <= this.capacity && this.peakFrom[k + 1]! <= this.capacity;
  }

  /**
   * Whether positions lo..hi, replaced by `order[0..count)` (the same stops in another order),
   * keep the load within capacity: only the loads inside the block change.
   */
  reorderFits(lo: number, hi: number, order: ArrayLike<number>, count: number): boolean {
    const capacity = this.capacity;
    if (this.peakUpTo[lo - 1]! > capacity || this.peakFrom[hi + 1]! > capacity) return false;
    const change = this.problem.loadChange;
    let load = this.onBoard[lo - 1]!;
    for (let m = 0; m < count; m++) {
      load += change[order[m]!]!;
      if (load > capacity) return false;
    }
    return true;
  }

  /**
   * Whether `block[0..count)`, whose pairs are all inside it, fits at list index `k`: its plain
   * stops' load rides from the start, the loads after it do not change.
   */
  closedBlockFitsAt(k: number, block: ArrayLike<number>, count: number): boolean {
    const capacity = this.capacity;
    const p = this.problem;
    let added = 0;
    for (let m = 0; m < count; m++) added += p.startLoad[block[m]!]!;
    if (this.peakUpTo[k]! + added > capacity || this.peakFrom[k + 1]! > capacity) return false;
    let load = this.onBoard[k]! + added;
    for (let m = 0; m < count; m++) {
      load += p.loadChange[block[m]!]!;
      if (load > capacity) return false;
    }
    return true;
  }

  /**
   * Whether this route's positions 0..headEnd followed by `tail`'s stops from `tailStart` fit
   * this vehicle: no pair may be open at either cut; the tail's loads then stay as they were and
   * the head's shift by the start loads exchanged.
   */
  joinFits(headEnd: number, tail: LoadProfile, tailStart: number): boolean {
    if (this.openPairs[headEnd] !== 0 || tail.openPairs[tailStart - 1] !== 0) return false;
    const headDropped = this.startLoadUpTo[this.stopCount]! - this.startLoadUpTo[headEnd]!;
    const tailBrought = tail.startLoadUpTo[tail.stopCount]! - tail.startLoadUpTo[tailStart - 1]!;
    return (
      this.peakUpTo[headEnd]! - headDropped + tailBrought <= this.capacity &&
      tail.peakFrom[tailStart]! <= this.capacity
    );
  }

  /** Whether plain stop `stop` may take the place of the plain stop at `position`, `replaced`. */
  replaceFits(position: number, replaced: number, stop: number): boolean {
    const shift = this.problem.startLoad[stop]! - this.problem.startLoad[replaced]!;
    return (
      this.peakUpTo[position - 1]! + shift <= this.capacity &&
      this.peakFrom[position]! <= this.capacity
    );
  }
}

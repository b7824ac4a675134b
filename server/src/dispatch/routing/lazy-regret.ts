import { cheapestIn, insertByRegret, type InsertionChoice } from './insertion';
import type { RouteSet } from './route-set';
import { canInsertOnTime, EPSILON, insertionCost, type RouteState } from './route-state';

/** What a missing k-th choice counts as, so stops with few places go first (as in `insertByRegret`). */
const MISSING_COST = 1e9;
/** Insertions between two looks at `shouldStop`. */
const STOP_CHECK_INTERVAL = 32;

/**
 * Regret-k construction for large problems: the choice rule of `insertByRegret`, but each
 * stop's cheapest place on every route and its k best routes are cached. After an insertion
 * only the changed route is re-priced, usually in constant time (the old place if still
 * feasible against the two new edges), and a stop's k best are recomputed only when that route
 * was among them or may now enter them. When travel times obey the triangle inequality an
 * insertion only takes places away, so the choices are exactly `insertByRegret`'s; otherwise a
 * place an insertion opens up may be missed. Stops once `shouldStop` answers true; returns the
 * stops it did not place. Problems with pairs are built by `insertByRegret` instead: a pair's
 * cached place could not be re-priced from the two new edges alone.
 */
export function insertByLazyRegret(
  routes: RouteSet,
  stops: readonly number[],
  k: number,
  shouldStop: () => boolean = () => false,
): number[] {
  if (routes.problem.hasPairs) return insertByRegret(routes, stops, k, shouldStop);
  const table = new RegretTable(routes, stops, k);
  for (let step = 0; table.remaining > 0; step++) {
    if (step % STOP_CHECK_INTERVAL === STOP_CHECK_INTERVAL - 1 && shouldStop()) break;
    if (!table.insertMostUrgent()) break;
  }
  return table.pendingStops();
}

/** Pending stops × routes: cheapest cost and place, and each stop's regret over its k best routes. */
class RegretTable {
  private readonly routeCount: number;
  private readonly pending: Int32Array;
  private readonly alive: Uint8Array;
  private readonly cost: Float64Array;
  private readonly position: Int32Array;
  /** Per stop, its k best routes (-1 when fewer), cheapest first. */
  private readonly topRoute: Int32Array;
  private readonly topCost: Float64Array;
  private readonly regret: Float64Array;
  /** 1 for routes a new stop may go on: used ones and one empty route per vehicle class. */
  private readonly candidate: Uint8Array;
  private readonly scratch: InsertionChoice = { vehicle: -1, position: -1, cost: Infinity };
  remaining: number;

  constructor(
    private readonly routes: RouteSet,
    stops: readonly number[],
    private readonly k: number,
  ) {
    const count = stops.length;
    this.routeCount = routes.routes.length;
    this.pending = Int32Array.from(stops);
    this.alive = new Uint8Array(count).fill(1);
    this.remaining = count;
    this.cost = new Float64Array(count * this.routeCount);
    this.position = new Int32Array(count * this.routeCount);
    this.topRoute = new Int32Array(count * k);
    this.topCost = new Float64Array(count * k);
    this.regret = new Float64Array(count);
    this.candidate = new Uint8Array(this.routeCount);
    this.markCandidates();
    for (let i = 0; i < count; i++) {
      for (const route of routes.routes) this.rescan(i, route);
      this.rank(i);
    }
  }

  pendingStops(): number[] {
    return Array.from(this.pending).filter((_, i) => this.alive[i] === 1);
  }

  /** Inserts the stop with the largest regret (ties: the cheaper) at its best place; false when none fits. */
  insertMostUrgent(): boolean {
    const { k, topCost, topRoute, regret, alive } = this;
    let chosen = -1;
    for (let i = 0; i < alive.length; i++) {
      if (alive[i] === 0 || topRoute[i * k]! < 0) continue;
      if (
        chosen < 0 ||
        regret[i]! > regret[chosen]! ||
        (regret[i] === regret[chosen] && topCost[i * k]! < topCost[chosen * k]!)
      )
        chosen = i;
    }
    if (chosen < 0) return false;
    const r = topRoute[chosen * k]!;
    const route = this.routes.routes[r]!;
    const wasEmpty = route.stopCount === 0;
    const at = this.position[chosen * this.routeCount + r]!;
    route.insertAt(at, this.pending[chosen]!);
    alive[chosen] = 0;
    this.remaining--;
    // A vehicle's first stop brings the next identical empty vehicle into play for every stop.
    const candidatesChanged = wasEmpty && this.markCandidates();
    for (let i = 0; i < alive.length; i++) {
      if (alive[i] === 0) continue;
      const before = this.cost[i * this.routeCount + r]!;
      this.reprice(i, route, at);
      const after = this.cost[i * this.routeCount + r]!;
      if (candidatesChanged || this.ranks(i, r) || (after < before && this.mayEnterTop(i, after)))
        this.rank(i);
    }
    return true;
  }

  /** Re-marks candidate routes; true when the set grew. */
  private markCandidates(): boolean {
    const p = this.routes.problem;
    const seenClass = new Set<number>();
    let grew = false;
    this.routes.routes.forEach((route, v) => {
      let mark = 1;
      if (route.stopCount === 0) {
        const vehicleClass = p.vehicleClass[v]!;
        if (seenClass.has(vehicleClass)) mark = 0;
        seenClass.add(vehicleClass);
      }
      if (mark === 1 && this.candidate[v] === 0) grew = true;
      this.candidate[v] = mark;
    });
    return grew;
  }

  /** Full scan of one route for pending stop `i`. */
  private rescan(i: number, route: RouteState): void {
    const found = cheapestIn(route, this.pending[i]!, this.scratch);
    const cell = i * this.routeCount + route.vehicle;
    this.cost[cell] = found ? this.scratch.cost : Infinity;
    this.position[cell] = this.scratch.position;
  }

  /**
   * Prices stop `i` on `route` after a stop went in at list index `at`. Every other place kept
   * its cost and at best its feasibility, so the cheapest is the old place if it still fits, or
   * one of the two new edges; otherwise, or when the old place's edge was split, rescan.
   */
  private reprice(i: number, route: RouteState, at: number): void {
    const cell = i * this.routeCount + route.vehicle;
    const old = this.cost[cell]!;
    if (old === Infinity) return;
    const p = route.problem;
    const stop = this.pending[i]!;
    const v = route.vehicle;
    if (
      route.load + p.demand[stop]! > p.freeCapacity[v]! + EPSILON ||
      route.stopCount >= p.maxStops[v]!
    ) {
      this.cost[cell] = Infinity;
      return;
    }
    const oldAt = this.position[cell]!;
    const shifted = oldAt < at ? oldAt : oldAt + 1;
    if (oldAt === at || !canInsertOnTime(route, shifted, stop)) {
      this.rescan(i, route);
      return;
    }
    this.position[cell] = shifted;
    for (let place = at; place <= at + 1; place++) {
      const c = insertionCost(route, place, stop);
      const best = this.cost[cell]!;
      // Equal costs go to the earlier place, as a full scan would choose.
      const better = c < best || (c === best && place < this.position[cell]!);
      if (better && canInsertOnTime(route, place, stop)) {
        this.cost[cell] = c;
        this.position[cell] = place;
      }
    }
  }

  /** Whether route `r` is among stop `i`'s k best. */
  private ranks(i: number, r: number): boolean {
    for (let j = 0; j < this.k; j++) if (this.topRoute[i * this.k + j] === r) return true;
    return false;
  }

  /** Ties too: a full ranking breaks them by route index. */
  private mayEnterTop(i: number, cost: number): boolean {
    return cost <= this.topCost[i * this.k + this.k - 1]!;
  }

  /** Recomputes stop `i`'s k best routes and its regret from the cost row. */
  private rank(i: number): void {
    const { k, topCost, topRoute, routeCount } = this;
    const base = i * k;
    for (let j = 0; j < k; j++) {
      topCost[base + j] = Infinity;
      topRoute[base + j] = -1;
    }
    const pinned = this.routes.problem.pinnedVehicle[this.pending[i]!]!;
    for (let v = 0; v < routeCount; v++) {
      if (pinned >= 0 ? v !== pinned : this.candidate[v] === 0) continue;
      const c = this.cost[i * routeCount + v]!;
      if (c === Infinity || c >= topCost[base + k - 1]!) continue;
      let slot = k - 1;
      while (slot > 0 && topCost[base + slot - 1]! > c) {
        topCost[base + slot] = topCost[base + slot - 1]!;
        topRoute[base + slot] = topRoute[base + slot - 1]!;
        slot--;
      }
      topCost[base + slot] = c;
      topRoute[base + slot] = v;
    }
    let regret = 0;
    const best = topCost[base]!;
    for (let j = 1; j < k; j++) {
      const c = topCost[base + j]!;
      regret += (c === Infinity ? MISSING_COST : c) - best;
    }
    this.regret[i] = regret;
  }
}

import { gridDisk, gridPathCells, gridRingUnsafe } from 'h3-js';
import { positionCell, stopCell, type LiveCourier } from './model';

/**
 * Couriers bucketed by res-9 cell along the way they will go: the cell where each is now, the
 * cells of its open stops and the cells on the straight line between consecutive ones. A
 * courier passing a street block on its way is as good a candidate for a stop there as one
 * standing in it (often better: the detour is nil), so all of these count as "near".
 */
export class FleetCellIndex {
  private readonly byCell = new Map<string, Set<number>>();
  private readonly filed = new Map<number, Filed>();

  /** Couriers indexed. */
  get size(): number {
    return this.filed.size;
  }

  /** Cells holding at least one courier. */
  get cellCount(): number {
    return this.byCell.size;
  }

  /**
   * Re-files a courier after its position or route changed. Cheap when nothing did (the common
   * case of a ping within the same cell); a new position redraws only the first leg, and only
   * the cells that differ are touched.
   */
  update(courier: LiveCourier): void {
    const here = positionCell(courier);
    const stopCells = courier.route.map(stopCell);
    const routeKey = stopCells.join();
    const previous = this.filed.get(courier.id);
    if (previous && previous.here === here && previous.routeKey === routeKey) return;
    const routeCells = previous?.routeKey === routeKey ? previous.routeCells : lineCells(stopCells);
    const next = new Set(routeCells);
    if (here) for (const cell of lineCells([here, ...stopCells.slice(0, 1)])) next.add(cell);
    const before = new Set(previous?.cells ?? []);
    for (const cell of before) if (!next.has(cell)) this.leave(courier.id, cell);
    for (const cell of next) {
      if (before.has(cell)) continue;
      let members = this.byCell.get(cell);
      if (!members) this.byCell.set(cell, (members = new Set()));
      members.add(courier.id);
    }
    this.filed.set(courier.id, { here, routeKey, routeCells, cells: [...next] });
  }

  remove(courierId: number): void {
    for (const cell of this.filed.get(courierId)?.cells ?? []) this.leave(courierId, cell);
    this.filed.delete(courierId);
  }

  couriersIn(cell: string): ReadonlySet<number> {
    return this.byCell.get(cell) ?? EMPTY;
  }

  cellsOfCourier(courierId: number): readonly string[] {
    return this.filed.get(courierId)?.cells ?? [];
  }

  private leave(courierId: number, cell: string): void {
    const members = this.byCell.get(cell);
    if (!members) return;
    members.delete(courierId);
    if (members.size === 0) this.byCell.delete(cell);
  }
}

/** Where a courier is filed, and what that was computed from. */
interface Filed {
  here: string | null;
  /** The cells of its stops, in order, joined. */
  routeKey: string;
  /** Cells of its stops and of the lines between consecutive ones. */
  routeCells: ReadonlySet<string>;
  cells: readonly string[];
}

const EMPTY: ReadonlySet<number> = new Set();

/** The given cells and those on the straight lines between consecutive ones. */
function lineCells(points: readonly string[]): Set<string> {
  const cells = new Set(points);
  for (let i = 1; i < points.length; i++) {
    if (points[i] === points[i - 1]) continue;
    try {
      for (const cell of gridPathCells(points[i - 1]!, points[i]!)) cells.add(cell);
    } catch {
      // No grid path across a pentagon's distortion: the endpoints alone still index the leg.
    }
  }
  return cells;
}

/** The cells exactly `k` steps from `origin`. */
export function ringCells(origin: string, k: number): string[] {
  if (k === 0) return [origin];
  try {
    return gridRingUnsafe(origin, k);
  } catch {
    // Near pentagons the fast ring fails: take the disk and drop its inside.
    const inside = new Set(gridDisk(origin, k - 1));
    return gridDisk(origin, k).filter((cell) => !inside.has(cell));
  }
}

import {
  cellToLatLng,
  getHexagonEdgeLengthAvg,
  gridDisk,
  gridRingUnsafe,
  latLngToCell,
} from 'h3-js';
import { haversineMeters } from '@dispatch/shared';

/** A point the index can measure distance to. */
export interface Located {
  lat: number;
  lng: number;
}

export interface NearestHit {
  id: number;
  distanceMeters: number;
}

/**
 * Buckets ids by H3 cell at one resolution and answers nearest-neighbour queries by expanding
 * `gridDisk` rings from the query's cell, never scanning the whole set.
 */
export class CellIndex {
  private readonly byCell = new Map<string, Set<number>>();
  private readonly cellOf = new Map<number, string>();
  /** Conservative spacing between ring k and ring k+1, metres (smallest cells at this res). */
  private readonly ringSpacingMeters: number;
  private readonly cellRadiusMeters: number;

  constructor(
    readonly resolution: number,
    private readonly positionOf: (id: number) => Located | undefined,
  ) {
    const edge = getHexagonEdgeLengthAvg(resolution, 'm');
    // Cell sizes vary across the globe (about ±40% of the average): be pessimistic both ways.
    this.ringSpacingMeters = edge * Math.sqrt(3) * 0.6;
    this.cellRadiusMeters = edge * 1.6;
  }

  get size(): number {
    return this.cellOf.size;
  }

  /** Puts `id` in `cell`, moving it if it was elsewhere. */
  set(id: number, cell: string): void {
    const previous = this.cellOf.get(id);
    if (previous === cell) return;
    if (previous !== undefined) this.removeFromCell(id, previous);
    this.cellOf.set(id, cell);
    let members = this.byCell.get(cell);
    if (!members) this.byCell.set(cell, (members = new Set()));
    members.add(id);
  }

  delete(id: number): void {
    const previous = this.cellOf.get(id);
    if (previous === undefined) return;
    this.removeFromCell(id, previous);
    this.cellOf.delete(id);
  }

  cellOfId(id: number): string | undefined {
    return this.cellOf.get(id);
  }

  idsInCell(cell: string): ReadonlySet<number> {
    return this.byCell.get(cell) ?? EMPTY;
  }

  /**
   * The `count` ids closest to a point, nearest first, optionally within `maxMeters` and
   * passing `accept`. Rings are expanded until no unvisited ring can hold anything closer than
   * the current `count`-th hit.
   */
  nearest(
    lat: number,
    lng: number,
    count: number,
    options: { maxMeters?: number; accept?: (id: number) => boolean } = {},
  ): NearestHit[] {
    if (count <= 0 || this.cellOf.size === 0) return [];
    const maxMeters = options.maxMeters ?? Infinity;
    const origin = latLngToCell(lat, lng, this.resolution);
    const hits: NearestHit[] = [];
    let visited = 0;
    for (let k = 0; ; k++) {
      const ringMinMeters = Math.max(0, k * this.ringSpacingMeters - 2 * this.cellRadiusMeters);
      if (ringMinMeters > maxMeters) break;
      if (hits.length >= count && ringMinMeters > hits[count - 1]!.distanceMeters) break;
      if (visited >= this.byCell.size) break;
      for (const cell of ringCells(origin, k)) {
        const members = this.byCell.get(cell);
        if (!members) continue;
        visited++;
        for (const id of members) {
          if (options.accept && !options.accept(id)) continue;
          const p = this.positionOf(id);
          if (!p) continue;
          const d = haversineMeters(lat, lng, p.lat, p.lng);
          if (d > maxMeters) continue;
          insertSorted(hits, { id, distanceMeters: d }, count);
        }
      }
    }
    return hits;
  }

  private removeFromCell(id: number, cell: string): void {
    const members = this.byCell.get(cell);
    if (!members) return;
    members.delete(id);
    if (members.size === 0) this.byCell.delete(cell);
  }
}

const EMPTY: ReadonlySet<number> = new Set();

function ringCells(origin: string, k: number): string[] {
  if (k === 0) return [origin];
  try {
    return gridRingUnsafe(origin, k);
  } catch {
    // Near pentagons the fast ring fails: take the disk and drop the inner part.
    const inner = new Set(gridDisk(origin, k - 1));
    return gridDisk(origin, k).filter((c) => !inner.has(c));
  }
}

function insertSorted(hits: NearestHit[], hit: NearestHit, limit: number): void {
  if (hits.length >= limit && hit.distanceMeters >= hits[limit - 1]!.distanceMeters) return;
  let i = hits.length;
  while (i > 0 && hits[i - 1]!.distanceMeters > hit.distanceMeters) i--;
  hits.splice(i, 0, hit);
  if (hits.length > limit) hits.pop();
}

/** Centre of a cell as a point. */
export function cellCenter(cell: string): Located {
  const [lat, lng] = cellToLatLng(cell);
  return { lat, lng };
}

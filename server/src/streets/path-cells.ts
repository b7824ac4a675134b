import { haversineMeters } from '@dispatch/shared';
import { latLngToCell } from 'h3-js';
import type { StreetPath } from './ch-query';
import { CLASS_SPEED_FACTORS, type CsrStreetNetwork } from './csr-network';
import type { StreetRoute } from './network';

/**
 * A path reduced to metres per (H3 cell, road speed factor), each segment counted in the cell
 * of its midpoint: all a travel time with per-cell speeds depends on.
 */
export interface PathCellSummary {
  cells: string[];
  meters: number[];
  roadFactors: number[];
}

/**
 * Summarises paths found in a contraction hierarchy by cell at one H3 resolution, remembering
 * each street segment's cell: H3 costs about a microsecond a call, more than the search itself
 * over a long path. One instance per thread (its memo is not shared).
 */
export class PathCellSummariser {
  private readonly cellOfEdge: Int32Array;
  private readonly cellNames: string[] = [];
  private readonly cellIds = new Map<string, number>();

  constructor(
    private readonly network: CsrStreetNetwork,
    private readonly resolution: number,
  ) {
    this.cellOfEdge = new Int32Array(network.arrays.targets.length).fill(-1);
  }

  summarise(path: StreetPath): PathCellSummary {
    const { lats, lngs, lengthsMeters, classes } = this.network.arrays;
    const groups = new Map<number, number>();
    const summary: PathCellSummary = { cells: [], meters: [], roadFactors: [] };
    for (let i = 0; i < path.edges.length; i++) {
      const e = path.edges[i]!;
      let cell = this.cellOfEdge[e]!;
      if (cell < 0) {
        const v = path.nodes[i]!;
        const w = path.nodes[i + 1]!;
        const name = latLngToCell(
          (lats[v]! + lats[w]!) / 2,
          (lngs[v]! + lngs[w]!) / 2,
          this.resolution,
        );
        cell = this.cellId(name);
        this.cellOfEdge[e] = cell;
      }
      const cls = classes[e]!;
      const key = cell * CLASS_SPEED_FACTORS.length + cls;
      const at = groups.get(key);
      if (at === undefined) {
        groups.set(key, summary.cells.length);
        summary.cells.push(this.cellNames[cell]!);
        summary.meters.push(lengthsMeters[e]!);
        summary.roadFactors.push(CLASS_SPEED_FACTORS[cls]!);
      } else {
        summary.meters[at]! += lengthsMeters[e]!;
      }
    }
    return summary;
  }

  private cellId(cell: string): number {
    let id = this.cellIds.get(cell);
    if (id === undefined) {
      id = this.cellNames.push(cell) - 1;
      this.cellIds.set(cell, id);
    }
    return id;
  }
}

/** The summary of a route from any `StreetNetwork` (points and speed factors, no edge indices). */
export function summariseRoute(route: StreetRoute, resolution: number): PathCellSummary {
  const groups = new Map<string, number>();
  const summary: PathCellSummary = { cells: [], meters: [], roadFactors: [] };
  for (let i = 0; i + 1 < route.points.length; i++) {
    const [lat1, lng1] = route.points[i]!;
    const [lat2, lng2] = route.points[i + 1]!;
    const cell = latLngToCell((lat1 + lat2) / 2, (lng1 + lng2) / 2, resolution);
    const roadFactor = route.segmentSpeedFactors[i]!;
    const meters = haversineMeters(lat1, lng1, lat2, lng2);
    const key = `${cell}/${roadFactor}`;
    const at = groups.get(key);
    if (at === undefined) {
      groups.set(key, summary.cells.length);
      summary.cells.push(cell);
      summary.meters.push(meters);
      summary.roadFactors.push(roadFactor);
    } else {
      summary.meters[at]! += meters;
    }
  }
  return summary;
}

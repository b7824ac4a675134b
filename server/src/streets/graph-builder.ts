import { haversineMeters } from '@dispatch/shared';
import { CsrStreetNetwork } from './csr-network';
import { ROAD_CLASSES, type RoadClass } from './network';
import { localProjection } from './projection';
import type { StreetNames } from './street-lines';

const CLASS_INDEX = new Map<RoadClass, number>(ROAD_CLASSES.map((c, i) => [c, i]));

/** Collects nodes and undirected edges, then freezes them into a routable network. */
export class StreetGraphBuilder {
  private readonly ids: number[] = [];
  private readonly lats: number[] = [];
  private readonly lngs: number[] = [];
  private readonly edgeFrom: number[] = [];
  private readonly edgeTo: number[] = [];
  private readonly edgeClass: number[] = [];
  /** Index into `names` per edge, -1 for a street without a name. */
  private readonly edgeName: number[] = [];
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  get nodeCount(): number {
    return this.ids.length;
  }

  /** Adds a node and returns its index. */
  addNode(id: number, lat: number, lng: number): number {
    this.ids.push(id);
    this.lats.push(lat);
    this.lngs.push(lng);
    return this.ids.length - 1;
  }

  /** Adds a two-way street segment between two node indices; self-loops are ignored. */
  addEdge(from: number, to: number, roadClass: RoadClass, name?: string): void {
    if (from === to) return;
    this.edgeFrom.push(from);
    this.edgeTo.push(to);
    this.edgeClass.push(CLASS_INDEX.get(roadClass) ?? 0);
    this.edgeName.push(name ? this.nameId(name) : -1);
  }

  private nameId(name: string): number {
    let id = this.nameIndex.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, id);
    }
    return id;
  }

  /**
   * Builds the network. With `largestComponentOnly` (the default) nodes that cannot reach the
   * biggest connected part are dropped, so every pair of nodes has a path.
   */
  build({ largestComponentOnly = true } = {}): CsrStreetNetwork {
    const n = this.ids.length;
    const keep = largestComponentOnly ? this.largestComponent() : new Uint8Array(n).fill(1);
    const newIndex = new Int32Array(n).fill(-1);
    let kept = 0;
    for (let i = 0; i < n; i++) if (keep[i]) newIndex[i] = kept++;
    if (kept === 0) throw new Error('the street network has no edges');

    const ids = new Float64Array(kept);
    const lats = new Float64Array(kept);
    const lngs = new Float64Array(kept);
    for (let i = 0; i < n; i++) {
      const j = newIndex[i]!;
      if (j < 0) continue;
      ids[j] = this.ids[i]!;
      lats[j] = this.lats[i]!;
      lngs[j] = this.lngs[i]!;
    }

    const degree = new Uint32Array(kept + 1);
    const m = this.edgeFrom.length;
    for (let e = 0; e < m; e++) {
      const a = newIndex[this.edgeFrom[e]!]!;
      const b = newIndex[this.edgeTo[e]!]!;
      if (a < 0 || b < 0) continue;
      degree[a + 1]!++;
      degree[b + 1]!++;
    }
    for (let i = 0; i < kept; i++) degree[i + 1]! += degree[i]!;
    const offsets = degree;
    const fill = offsets.slice(0, -1);
    const total = offsets[kept]!;
    const targets = new Uint32Array(total);
    const lengthsMeters = new Float64Array(total);
    const classes = new Uint8Array(total);
    const nameOfEdge = new Int32Array(total);
    for (let e = 0; e < m; e++) {
      const a = newIndex[this.edgeFrom[e]!]!;
      const b = newIndex[this.edgeTo[e]!]!;
      if (a < 0 || b < 0) continue;
      const length = haversineMeters(lats[a]!, lngs[a]!, lats[b]!, lngs[b]!);
      const cls = this.edgeClass[e]!;
      const nameId = this.edgeName[e]!;
      for (const [u, v] of [
        [a, b],
        [b, a],
      ] as const) {
        const slot = fill[u]!++;
        targets[slot] = v;
        lengthsMeters[slot] = length;
        classes[slot] = cls;
        nameOfEdge[slot] = nameId;
      }
    }

    let south = Infinity;
    let north = -Infinity;
    let west = Infinity;
    let east = -Infinity;
    for (let i = 0; i < kept; i++) {
      south = Math.min(south, lats[i]!);
      north = Math.max(north, lats[i]!);
      west = Math.min(west, lngs[i]!);
      east = Math.max(east, lngs[i]!);
    }
    const projection = localProjection((south + north) / 2, (west + east) / 2);
    const names: StreetNames | null =
      this.names.length > 0 ? { names: [...this.names], ofEdge: nameOfEdge } : null;
    return new CsrStreetNetwork(
      { ids, lats, lngs, offsets, targets, lengthsMeters, classes },
      projection,
      names,
    );
  }

  /** Marks the nodes of the largest connected component (union-find with path halving). */
  private largestComponent(): Uint8Array {
    const n = this.ids.length;
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    const find = (x: number): number => {
      while (parent[x] !== x) {
        parent[x] = parent[parent[x]!]!;
        x = parent[x]!;
      }
      return x;
    };
    const hasEdge = new Uint8Array(n);
    for (let e = 0; e < this.edgeFrom.length; e++) {
      const a = this.edgeFrom[e]!;
      const b = this.edgeTo[e]!;
      hasEdge[a] = hasEdge[b] = 1;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[ra] = rb;
    }
    const size = new Uint32Array(n);
    let bestRoot = -1;
    for (let i = 0; i < n; i++) {
      if (!hasEdge[i]) continue;
      const r = find(i);
      size[r]!++;
      if (bestRoot < 0 || size[r]! > size[bestRoot]!) bestRoot = r;
    }
    const keep = new Uint8Array(n);
    if (bestRoot < 0) return keep;
    for (let i = 0; i < n; i++) if (hasEdge[i] && find(i) === bestRoot) keep[i] = 1;
    return keep;
  }
}

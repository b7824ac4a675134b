import { ROAD_CLASSES, type StreetGeoJSON, type StreetLineFeature } from './network';

/** The parts of a network's compressed arrays (`CsrArrays`) the lines are drawn from. */
export interface StreetLineArrays {
  lats: Float64Array;
  lngs: Float64Array;
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Index into ROAD_CLASSES, per CSR slot. */
  classes: Uint8Array;
}

/** Street names of a network's edges: `ofEdge[e]` indexes `names` (-1: no name), per CSR slot. */
export interface StreetNames {
  names: readonly string[];
  ofEdge: Int32Array;
}

/** A street goes on through a node where it turns by at most this much. */
const MAX_TURN_RADIANS = (40 * Math.PI) / 180;

/**
 * The network's edges joined into street lines for the map: from each edge, a line goes on
 * through a node along the straightest unused edge of the same road class and name, while it
 * turns by at most 40°. Long lines are what lets the map place a name along a street, and they
 * are far fewer features than one per segment. Every undirected edge is in exactly one line.
 */
export function streetLines(
  a: Readonly<StreetLineArrays>,
  names: StreetNames | null,
): StreetGeoJSON {
  const { offsets, targets, classes, lats, lngs } = a;
  const used = new Uint8Array(targets.length);
  const nameOf = (e: number): number => (names ? names.ofEdge[e]! : -1);
  const sameStreet = (e: number, f: number): boolean =>
    classes[e] === classes[f] && nameOf(e) === nameOf(f);
  let latSum = 0;
  for (const lat of lats) latSum += lat;
  const cosLat = Math.cos(((latSum / Math.max(1, lats.length)) * Math.PI) / 180);
  const heading = (v: number, w: number): number =>
    Math.atan2(lats[w]! - lats[v]!, (lngs[w]! - lngs[v]!) * cosLat);

  /** Marks an edge and its reverse slot (the same street seen from its other end) as drawn. */
  const take = (e: number, from: number): void => {
    used[e] = 1;
    const to = targets[e]!;
    for (let f = offsets[to]!; f < offsets[to + 1]!; f++) {
      if (!used[f] && targets[f] === from && sameStreet(e, f)) {
        used[f] = 1;
        return;
      }
    }
  };

  /** Follows the street on from edge `e` (from → to), appending the nodes it reaches. */
  const follow = (from: number, e: number, nodes: number[]): void => {
    for (;;) {
      const at = targets[e]!;
      const direction = heading(from, at);
      let best = -1;
      let bestTurn = MAX_TURN_RADIANS;
      for (let f = offsets[at]!; f < offsets[at + 1]!; f++) {
        if (used[f] || !sameStreet(e, f)) continue;
        let turn = Math.abs(heading(at, targets[f]!) - direction);
        if (turn > Math.PI) turn = 2 * Math.PI - turn;
        if (turn <= bestTurn) {
          bestTurn = turn;
          best = f;
        }
      }
      if (best < 0) return;
      take(best, at);
      nodes.push(targets[best]!);
      from = at;
      e = best;
    }
  };

  const features: StreetLineFeature[] = [];
  for (let v = 0; v < lats.length; v++) {
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      if (used[e]) continue;
      const w = targets[e]!;
      take(e, v);
      const ahead = [v, w];
      follow(v, e, ahead);
      const behind: number[] = [];
      const back = reverseSlot(a, e, v);
      if (back >= 0) follow(w, back, behind);
      const nodes = [...behind.reverse(), ...ahead];
      const nameId = nameOf(e);
      const name = nameId >= 0 ? names!.names[nameId] : undefined;
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: nodes.map((n) => [lngs[n]!, lats[n]!]) },
        properties: { roadClass: ROAD_CLASSES[classes[e]!]!, ...(name ? { name } : {}) },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** The slot that runs edge `e` (from → its target) the other way, or -1. */
function reverseSlot(a: Readonly<StreetLineArrays>, e: number, from: number): number {
  const to = a.targets[e]!;
  for (let f = a.offsets[to]!; f < a.offsets[to + 1]!; f++) {
    if (a.targets[f] === from && a.classes[f] === a.classes[e]) return f;
  }
  return -1;
}

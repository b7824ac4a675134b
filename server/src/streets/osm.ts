import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { StreetGraphBuilder } from './graph-builder';
import type { CsrStreetNetwork } from './csr-network';
import type { RoadClass } from './network';
import { scanOsmXml } from './osm-xml';

const gunzipAsync = promisify(gunzip);

/** Highway values a delivery vehicle can use, and the road class each one counts as. */
const HIGHWAY_CLASS: Record<string, RoadClass> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  unclassified: 'unclassified',
  road: 'unclassified',
  residential: 'residential',
  living_street: 'living_street',
  service: 'service',
};

const NO_ACCESS = new Set(['no', 'private']);

function roadClassOf(tags: Map<string, string>): RoadClass | undefined {
  const highway = tags.get('highway');
  if (highway === undefined) return undefined;
  if (NO_ACCESS.has(tags.get('access') ?? '') || tags.get('area') === 'yes') return undefined;
  return HIGHWAY_CLASS[highway];
}

/**
 * Builds a street network from OSM XML text. Ways are drivable highways (motorway..residential,
 * living_street, service, unclassified, links); footways, paths, tracks and private roads are
 * left out. `oneway` is ignored: couriers may ride either way, which keeps every street routable
 * both ways and the graph undirected. Only the largest connected component is kept. Each
 * street keeps its `name` (else its `ref`, e.g. a highway number) for the map's labels.
 */
export function parseOsmNetwork(xml: string): CsrStreetNetwork {
  const { nodes, ways } = scanOsmXml(xml, (tags) => roadClassOf(tags) !== undefined);
  const builder = new StreetGraphBuilder();
  const indexOf = new Map<number, number>();
  const nodeIndex = (osmId: number): number | undefined => {
    const known = indexOf.get(osmId);
    if (known !== undefined) return known;
    const position = nodes.get(osmId);
    if (!position) return undefined; // referenced but outside the extract
    const index = builder.addNode(osmId, position[0], position[1]);
    indexOf.set(osmId, index);
    return index;
  };
  for (const way of ways) {
    const roadClass = roadClassOf(way.tags);
    if (!roadClass) continue;
    const name = way.tags.get('name') ?? way.tags.get('ref');
    let previous: number | undefined;
    for (const ref of way.nodeRefs) {
      const current = nodeIndex(ref);
      if (previous !== undefined && current !== undefined) {
        builder.addEdge(previous, current, roadClass, name);
      }
      previous = current;
    }
  }
  return builder.build();
}

/** Reads an OSM XML extract, plain or gzipped (detected from the content), into a street network. */
export async function loadOsmNetwork(path: string): Promise<CsrStreetNetwork> {
  const raw = await readFile(path);
  const gzipped = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  const xml = (gzipped ? await gunzipAsync(raw) : raw).toString('utf8');
  return parseOsmNetwork(xml);
}

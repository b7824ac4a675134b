/** A way as read from OSM XML: its node references in order and its tags. */
export interface OsmWay {
  id: number;
  nodeRefs: number[];
  tags: Map<string, string>;
}

export interface OsmExtract {
  /** Node id → [lat, lng]. */
  nodes: Map<number, [number, number]>;
  ways: OsmWay[];
}

// One pattern for every element we care about; relations are matched only to leave way context.
const ELEMENT = /<(\/?)(node|way|nd|tag|relation)\b([^>]*)>/g;
const ATTR = {
  id: /\sid=["']([^"']*)["']/,
  lat: /\slat=["']([^"']*)["']/,
  lon: /\slon=["']([^"']*)["']/,
  ref: /\sref=["']([^"']*)["']/,
  k: /\sk=["']([^"']*)["']/,
  v: /\sv=["']([^"']*)["']/,
};

function attr(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1];
}

/**
 * Scans OSM XML with one regular expression instead of a full XML parser: OSM files are flat
 * and machine-written, and a scan over a city extract takes tens of milliseconds.
 * `keepWay` sees each way's tags once it is complete and decides whether to keep it.
 */
export function scanOsmXml(
  xml: string,
  keepWay: (tags: Map<string, string>) => boolean,
): OsmExtract {
  const nodes = new Map<number, [number, number]>();
  const ways: OsmWay[] = [];
  let way: OsmWay | null = null;
  ELEMENT.lastIndex = 0;
  for (let m = ELEMENT.exec(xml); m !== null; m = ELEMENT.exec(xml)) {
    const closing = m[1] === '/';
    const name = m[2];
    const body = m[3] ?? '';
    const selfClosing = body.endsWith('/');
    if (name === 'node' && !closing) {
      const id = Number(attr(body, ATTR.id));
      const lat = Number(attr(body, ATTR.lat));
      const lng = Number(attr(body, ATTR.lon));
      if (Number.isFinite(id) && Number.isFinite(lat) && Number.isFinite(lng)) {
        nodes.set(id, [lat, lng]);
      }
    } else if (name === 'way') {
      if (closing) {
        if (way && keepWay(way.tags)) ways.push(way);
        way = null;
      } else if (!selfClosing) {
        way = { id: Number(attr(body, ATTR.id)), nodeRefs: [], tags: new Map() };
      }
    } else if (name === 'relation' && !closing) {
      way = null;
    } else if (way && name === 'nd') {
      const ref = Number(attr(body, ATTR.ref));
      if (Number.isFinite(ref)) way.nodeRefs.push(ref);
    } else if (way && name === 'tag') {
      const k = attr(body, ATTR.k);
      const v = attr(body, ATTR.v);
      if (k !== undefined && v !== undefined) way.tags.set(k, v);
    }
  }
  return { nodes, ways };
}

import { parseIsoTimeMs } from './iso-time';
import { lineAt, scanXml, XmlSyntaxError } from './xml-scanner';

/** Why a GPX file cannot be used. */
export type GpxErrorCode = 'invalid_xml' | 'no_points' | 'no_times' | 'bad_point';

/** A GPX file that cannot be read or replayed, with a code and a message for a person. */
export class GpxError extends Error {
  constructor(
    readonly code: GpxErrorCode,
    message: string,
    /** For `bad_point`: 0-based index of the point among the file's points of its kind. */
    readonly pointIndex?: number,
  ) {
    super(message);
    this.name = 'GpxError';
  }
}

/** One recorded fix. */
export interface GpxPoint {
  lat: number;
  lng: number;
  /** Recorded time, epoch ms; null when the point has none. */
  timeMs: number | null;
  elevationMeters?: number;
  speedMps?: number;
  /** Direction of travel, degrees clockwise from north. */
  courseDegrees?: number;
  /** Estimated from hdop (or pdop) when the file gives one. */
  accuracyMeters?: number;
  /** Index into `GpxTrack.segments`. */
  segment: number;
}

/** A run of points recorded without a break: a `trkseg`, or a whole `rte`. */
export interface GpxSegment {
  /** 0-based index of the `trk` (or `rte`) it belongs to. */
  trackIndex: number;
  trackName: string | null;
  /** Points of this segment in `GpxTrack.points`. */
  pointCount: number;
}

/** Everything replayable in a GPX file. */
export interface GpxTrack {
  /** The `version` attribute of `<gpx>`, e.g. "1.0" or "1.1". */
  version: string | null;
  /** Where the points come from: tracks if any have points, else routes, else waypoints. */
  source: 'tracks' | 'routes' | 'waypoints';
  segments: GpxSegment[];
  /** In time order when every point has a time (one per instant), otherwise in file order. */
  points: GpxPoint[];
}

/** A point known to have a recorded time. */
export type TimedGpxPoint = GpxPoint & { timeMs: number };

/** A track whose every point has a recorded time. */
export type TimedGpxTrack = Omit<GpxTrack, 'points'> & { points: TimedGpxPoint[] };

/**
 * Metres of position error per unit of dilution of precision: the user-equivalent range error of
 * a consumer receiver is about 5 m, so hdop × 5 is the usual rough accuracy radius.
 */
export const METERS_PER_DOP = 5;

type PointKind = 'trkpt' | 'rtept' | 'wpt';

interface PointDraft {
  kind: PointKind;
  point: GpxPoint;
  hdop?: number;
  pdop?: number;
  /** Speed and course from extensions, used when the point has no plain `speed`/`course`. */
  extensionSpeedMps?: number;
  extensionCourseDegrees?: number;
}

/** Elements whose text a point reads. */
const POINT_FIELDS = new Set(['time', 'ele', 'speed', 'course', 'hdop', 'pdop']);

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function finiteNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Reads a GPX 1.0 or 1.1 document: track points (several tracks and segments, in order), else
 * route points, else waypoints, with time, elevation, speed, course and an accuracy estimate.
 * Element prefixes are ignored, so `<gpx:trkpt>` is a `trkpt`. Throws a `GpxError`.
 */
export function parseGpx(xml: string): GpxTrack {
  const segmentsByKind: Record<PointKind, GpxSegment[]> = { trkpt: [], rtept: [], wpt: [] };
  const pointsByKind: Record<PointKind, GpxPoint[]> = { trkpt: [], rtept: [], wpt: [] };
  /** Local names of the open elements. */
  const path: string[] = [];
  let version: string | null = null;
  let trackIndex = -1;
  let routeIndex = -1;
  /** The `trk` or `rte` whose direct `<name>` is being read, and its segments so far. */
  let container: { segments: GpxSegment[]; name: string | null } | null = null;
  let segment: number | null = null;
  let draft: PointDraft | null = null;
  /** Depth of the open point element in `path`. */
  let pointDepth = -1;
  let text = '';

  const newSegment = (kind: PointKind, index: number): number => {
    const list = segmentsByKind[kind];
    list.push({ trackIndex: index, trackName: container?.name ?? null, pointCount: 0 });
    container?.segments.push(list[list.length - 1]!);
    return list.length - 1;
  };

  const startPoint = (kind: PointKind, attributes: ReadonlyMap<string, string>, at: number) => {
    const index = pointsByKind[kind].length;
    // Line numbers cost a scan of the text, so they are only worked out for a message.
    const where = () => `${kind} #${index + 1} (line ${lineAt(xml, at)})`;
    const lat = coordinate(attributes.get('lat'), 'latitude', 90, where, index);
    const lng = coordinate(attributes.get('lon'), 'longitude', 180, where, index);
    if (kind === 'wpt') segment = segmentsByKind.wpt.length > 0 ? 0 : newSegment('wpt', 0);
    else if (segment === null) {
      // A point outside any trkseg: give it a segment of its own track.
      segment = newSegment(kind, kind === 'trkpt' ? trackIndex : routeIndex);
    }
    draft = { kind, point: { lat, lng, timeMs: null, segment } };
    pointDepth = path.length;
  };

  const readField = (name: string, value: string, inExtensions: boolean, at: number) => {
    if (!draft) return;
    const { point } = draft;
    if (name === 'time' && !inExtensions) {
      if (value.trim() === '') return;
      const timeMs = parseIsoTimeMs(value);
      if (timeMs === null) {
        const index = pointsByKind[draft.kind].length;
        throw new GpxError(
          'bad_point',
          `${draft.kind} #${index + 1} (line ${lineAt(xml, at)}) has an unreadable time "${value.trim()}"`,
          index,
        );
      }
      point.timeMs = timeMs;
      return;
    }
    const n = finiteNumber(value);
    if (n === undefined) return;
    if (inExtensions) {
      if (name === 'speed') draft.extensionSpeedMps ??= n;
      if (name === 'course') draft.extensionCourseDegrees ??= n;
      return;
    }
    if (name === 'ele') point.elevationMeters = n;
    else if (name === 'speed') point.speedMps = n;
    else if (name === 'course') point.courseDegrees = n;
    else if (name === 'hdop') draft.hdop = n;
    else if (name === 'pdop') draft.pdop = n;
  };

  const finishPoint = () => {
    if (!draft) return;
    const { point } = draft;
    if (point.speedMps === undefined && draft.extensionSpeedMps !== undefined)
      point.speedMps = draft.extensionSpeedMps;
    if (point.courseDegrees === undefined && draft.extensionCourseDegrees !== undefined)
      point.courseDegrees = draft.extensionCourseDegrees;
    const dop = draft.hdop ?? draft.pdop;
    if (dop !== undefined && dop >= 0) point.accuracyMeters = dop * METERS_PER_DOP;
    pointsByKind[draft.kind].push(point);
    if (draft.kind === 'wpt') segment = null;
    draft = null;
    pointDepth = -1;
  };

  let currentOffset = 0;
  try {
    scanXml(xml, {
      open(rawName, attributes, offset) {
        const name = localName(rawName);
        currentOffset = offset;
        const depth = path.length;
        if (depth === 0) {
          if (name !== 'gpx')
            throw new GpxError('invalid_xml', `the root element is <${rawName}>, not <gpx>`);
          version = attributes.get('version') ?? null;
        } else if (draft) {
          text = '';
        } else if (depth === 1 && name === 'trk') {
          trackIndex++;
          container = { segments: [], name: null };
          segment = null;
        } else if (depth === 1 && name === 'rte') {
          routeIndex++;
          container = { segments: [], name: null };
          segment = newSegment('rtept', routeIndex);
        } else if (depth === 2 && name === 'trkseg' && path[1] === 'trk') {
          segment = newSegment('trkpt', trackIndex);
        } else if (
          name === 'trkpt' &&
          path[1] === 'trk' &&
          (depth === 2 || (depth === 3 && path[2] === 'trkseg'))
        ) {
          startPoint('trkpt', attributes, offset);
        } else if (name === 'rtept' && depth === 2 && path[1] === 'rte') {
          startPoint('rtept', attributes, offset);
        } else if (name === 'wpt' && depth === 1) {
          startPoint('wpt', attributes, offset);
        } else if (name === 'name' && depth === 2 && container) {
          text = '';
        }
        path.push(name);
      },
      text(chunk) {
        text += chunk;
      },
      close() {
        const name = path.pop()!;
        const depth = path.length;
        if (draft && depth === pointDepth) {
          finishPoint();
        } else if (draft && depth > pointDepth) {
          const inExtensions = path.slice(pointDepth + 1).includes('extensions');
          const direct = depth === pointDepth + 1;
          if (POINT_FIELDS.has(name) && (direct || inExtensions))
            readField(name, text, !direct, currentOffset);
        } else if (depth === 2 && name === 'name' && container) {
          container.name = text.trim() || null;
          for (const s of container.segments) s.trackName = container.name;
        } else if (depth === 1 && (name === 'trk' || name === 'rte')) {
          container = null;
          segment = null;
        } else if (depth === 2 && name === 'trkseg') {
          segment = null;
        }
        text = '';
      },
    });
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new GpxError(
        'invalid_xml',
        `not well-formed XML at line ${lineAt(xml, err.offset)}: ${err.message}`,
      );
    throw err;
  }

  const kind: PointKind =
    pointsByKind.trkpt.length > 0 ? 'trkpt' : pointsByKind.rtept.length > 0 ? 'rtept' : 'wpt';
  const segments = segmentsByKind[kind];
  const points = inTimeOrder(pointsByKind[kind]);
  if (points.length === 0)
    throw new GpxError('no_points', 'the file has no track, route or waypoint points');
  for (const p of points) segments[p.segment]!.pointCount++;
  const source = kind === 'trkpt' ? 'tracks' : kind === 'rtept' ? 'routes' : 'waypoints';
  return { version, source, segments, points };
}

function coordinate(
  raw: string | undefined,
  what: 'latitude' | 'longitude',
  limit: number,
  where: () => string,
  index: number,
): number {
  const attr = what === 'latitude' ? 'lat' : 'lon';
  if (raw === undefined)
    throw new GpxError('bad_point', `${where()} has no ${attr} attribute`, index);
  const value = finiteNumber(raw);
  if (value === undefined)
    throw new GpxError(
      'bad_point',
      `${where()} has ${what} "${raw}", which is not a number`,
      index,
    );
  if (value < -limit || value > limit)
    throw new GpxError(
      'bad_point',
      `${where()} has ${what} ${value}, outside -${limit}..${limit}`,
      index,
    );
  return value;
}

/**
 * Stable time order with one point per instant (the first recorded), when every point has a
 * time; file order otherwise, since untimed points cannot be placed.
 */
function inTimeOrder(points: GpxPoint[]): GpxPoint[] {
  if (points.some((p) => p.timeMs === null)) return points;
  const sorted = points
    .map((point, order) => ({ point, order }))
    .sort((a, b) => a.point.timeMs! - b.point.timeMs! || a.order - b.order)
    .map((x) => x.point);
  return sorted.filter((p, i) => i === 0 || p.timeMs !== sorted[i - 1]!.timeMs);
}

/**
 * The track, if every point has a recorded time; replay needs one per fix. `label` names the
 * track in the message (usually the file name).
 */
export function requireTimes(track: GpxTrack, label = 'the track'): TimedGpxTrack {
  const untimed = track.points.findIndex((p) => p.timeMs === null);
  if (untimed === -1) return track as TimedGpxTrack;
  const timed = track.points.filter((p) => p.timeMs !== null).length;
  const why = 'replay needs a recorded time per fix';
  if (timed === 0)
    throw new GpxError('no_times', `${label} has no timestamps on its points; ${why}`);
  const segment = track.segments[track.points[untimed]!.segment]!;
  const name = segment.trackName === null ? '' : ` "${segment.trackName}"`;
  throw new GpxError(
    'no_times',
    `${label} has timestamps on only ${timed} of its ${track.points.length} points ` +
      `(track ${segment.trackIndex + 1}${name} has points without one); ${why}`,
  );
}

import Type, { type Static } from 'typebox';
import { STOP_KINDS, VEHICLES } from '../domain';
import { Nullable } from './common';

/** The longest stretch one replay covers: a day. */
export const MAX_REPLAY_WINDOW_MS = 24 * 3_600_000;

/**
 * `GET /api/v1/replay`: a hub's day, or one courier's (`courierId`; its hub is implied), from
 * `from` to `to` (epoch ms, at most 24 h apart).
 */
export const ReplayQuerySchema = Type.Object(
  {
    hubId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    courierId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    from: Type.Integer({ minimum: 0, description: 'start, epoch ms' }),
    to: Type.Integer({ minimum: 0, description: 'end (exclusive), epoch ms' }),
  },
  { additionalProperties: false },
);
export type ReplayQuery = Static<typeof ReplayQuerySchema>;

/** What happened, in the order the event list names it. */
export const REPLAY_EVENT_KINDS = [
  'stop.arrived',
  'stop.delivered',
  'stop.failed',
  'stop.moved',
  'route.planned',
  'route.resequenced',
  'alert.opened',
  'alert.acknowledged',
  'alert.escalated',
  'alert.resolved',
  'suggestion.created',
  'suggestion.accepted',
  'suggestion.rejected',
] as const;
export type ReplayEventKind = (typeof REPLAY_EVENT_KINDS)[number];

/**
 * One courier's positions as integer columns: seconds after the replay's `from` and
 * microdegrees, each entry the difference from the one before (the first is absolute).
 */
export const ReplayTrackSchema = Type.Object({
  courierId: Type.Integer(),
  t: Type.Array(Type.Integer()),
  lat: Type.Array(Type.Integer()),
  lng: Type.Array(Type.Integer()),
});
export type ReplayTrack = Static<typeof ReplayTrackSchema>;

/**
 * The events as parallel columns, oldest first: `at` in ms after `from`, delta-coded; `kind` an
 * index into REPLAY_EVENT_KINDS; ids 0 when absent, `note` '' when absent.
 */
export const ReplayEventColumnsSchema = Type.Object({
  at: Type.Array(Type.Integer()),
  kind: Type.Array(Type.Integer()),
  /** The courier it is about (for a move, the one the stop went to). */
  courier: Type.Array(Type.Integer()),
  stop: Type.Array(Type.Integer()),
  /** The alert or suggestion it is about. */
  subject: Type.Array(Type.Integer()),
  /** For a move, the courier the stop came from. */
  other: Type.Array(Type.Integer()),
  /** The alert's kind, a failure's reason, a suggestion's explanation, a plan's size. */
  note: Type.Array(Type.String()),
});
export type ReplayEventColumns = Static<typeof ReplayEventColumnsSchema>;

/** A stop that appears in the replay. Times are epoch ms. */
export const ReplayStopSchema = Type.Object({
  id: Type.Integer(),
  /** What a dispatcher calls it: the order reference, else `#id`. */
  label: Type.String(),
  kind: Type.Enum(STOP_KINDS),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  windowStart: Type.Number(),
  windowEnd: Type.Number(),
});
export type ReplayStop = Static<typeof ReplayStopSchema>;

/** One stop of a courier's planned-versus-actual table. Times are epoch ms. */
export const ReplayRouteStopSchema = Type.Object({
  stopId: Type.Integer(),
  /** 1-based place in the courier's planned order; null when it was not planned for this courier. */
  plannedSeq: Nullable(Type.Integer()),
  /** Arrival the plan predicted; null when the placement recorded none (an import onto a route). */
  plannedEta: Nullable(Type.Number()),
  /** 1-based place among the stops this courier finished in the window; null when not finished. */
  actualSeq: Nullable(Type.Integer()),
  arrivedAt: Nullable(Type.Number()),
  completedAt: Nullable(Type.Number()),
  /** `moved`: planned here but taken over by another courier (`movedTo`). */
  outcome: Type.Enum(['delivered', 'failed', 'open', 'moved']),
  movedTo: Nullable(Type.Integer()),
});
export type ReplayRouteStop = Static<typeof ReplayRouteStopSchema>;

/** A courier's stops in planned order, then the ones it took on that were not planned for it. */
export const ReplayRouteSchema = Type.Object({
  courierId: Type.Integer(),
  stops: Type.Array(ReplayRouteStopSchema),
});
export type ReplayRoute = Static<typeof ReplayRouteSchema>;

/** `GET /api/v1/replay`. */
export const ReplaySchema = Type.Object({
  hubId: Type.Integer(),
  courierId: Nullable(Type.Integer()),
  /** The hub's IANA time zone, for showing times and picking days. */
  timezone: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  /** Positions keep at most one fix per courier per this many seconds. */
  sampleSeconds: Type.Integer(),
  couriers: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), vehicle: Type.Enum(VEHICLES) }),
  ),
  tracks: Type.Array(ReplayTrackSchema),
  stops: Type.Array(ReplayStopSchema),
  events: ReplayEventColumnsSchema,
  routes: Type.Array(ReplayRouteSchema),
});
export type Replay = Static<typeof ReplaySchema>;

/** A fix of a decoded track. */
export interface ReplayFix {
  /** Epoch ms. */
  t: number;
  lat: number;
  lng: number;
}

/** One event, decoded. */
export interface ReplayEvent {
  /** Epoch ms. */
  at: number;
  kind: ReplayEventKind;
  courierId: number | null;
  stopId: number | null;
  subjectId: number | null;
  otherCourierId: number | null;
  note: string;
}

/** Encodes fixes (in time order) as a track relative to `from`. */
export function encodeReplayTrack(
  courierId: number,
  fixes: readonly ReplayFix[],
  from: number,
): ReplayTrack {
  const track: ReplayTrack = { courierId, t: [], lat: [], lng: [] };
  let prevT = 0;
  let prevLat = 0;
  let prevLng = 0;
  for (const f of fixes) {
    const t = Math.round((f.t - from) / 1000);
    const lat = Math.round(f.lat * 1e6);
    const lng = Math.round(f.lng * 1e6);
    track.t.push(t - prevT);
    track.lat.push(lat - prevLat);
    track.lng.push(lng - prevLng);
    prevT = t;
    prevLat = lat;
    prevLng = lng;
  }
  return track;
}

/** The fixes of a track, epoch ms and degrees. */
export function decodeReplayTrack(track: ReplayTrack, from: number): ReplayFix[] {
  const fixes: ReplayFix[] = [];
  let t = 0;
  let lat = 0;
  let lng = 0;
  for (let i = 0; i < track.t.length; i++) {
    t += track.t[i]!;
    lat += track.lat[i]!;
    lng += track.lng[i]!;
    fixes.push({ t: from + t * 1000, lat: lat / 1e6, lng: lng / 1e6 });
  }
  return fixes;
}

const KIND_INDEX = new Map<ReplayEventKind, number>(REPLAY_EVENT_KINDS.map((k, i) => [k, i]));

/** Encodes events (sorted by time) as columns relative to `from`. */
export function encodeReplayEvents(
  events: readonly ReplayEvent[],
  from: number,
): ReplayEventColumns {
  const cols: ReplayEventColumns = {
    at: [],
    kind: [],
    courier: [],
    stop: [],
    subject: [],
    other: [],
    note: [],
  };
  let prev = 0;
  for (const e of events) {
    const at = Math.round(e.at - from);
    cols.at.push(at - prev);
    prev = at;
    cols.kind.push(KIND_INDEX.get(e.kind)!);
    cols.courier.push(e.courierId ?? 0);
    cols.stop.push(e.stopId ?? 0);
    cols.subject.push(e.subjectId ?? 0);
    cols.other.push(e.otherCourierId ?? 0);
    cols.note.push(e.note);
  }
  return cols;
}

/** The events of the columns, oldest first; unknown kinds (a newer server) are skipped. */
export function decodeReplayEvents(cols: ReplayEventColumns, from: number): ReplayEvent[] {
  const events: ReplayEvent[] = [];
  let at = 0;
  for (let i = 0; i < cols.at.length; i++) {
    at += cols.at[i]!;
    const kind = REPLAY_EVENT_KINDS[cols.kind[i]!];
    if (!kind) continue;
    events.push({
      at: from + at,
      kind,
      courierId: cols.courier[i] || null,
      stopId: cols.stop[i] || null,
      subjectId: cols.subject[i] || null,
      otherCourierId: cols.other[i] || null,
      note: cols.note[i] ?? '',
    });
  }
  return events;
}

import { PING_LIMITS, type Ping } from '@dispatch/shared';
import type { TimedGpxPoint } from './gpx';

/** One fix of a replay: when to send it (wall clock) and what to send. */
export interface PlannedFix {
  /** Wall-clock moment the fix is due, epoch ms (fractional). */
  dueMs: number;
  ping: Ping;
}

export interface ReplayPlanOptions {
  /** Recorded spacing is divided by this in wall-clock time; must be > 0. */
  speedup: number;
  /** Wall-clock moment the first fix is due, epoch ms. */
  startMs: number;
  /** Sequence number of the first fix; the others follow one by one. */
  firstSeq: number;
}

/** The ping schema's ceilings; a value past them is left out rather than refused. */
const MAX_SPEED_MPS = 150;
const MAX_ACCURACY_METERS = 100_000;

/** Stay under the server's message limit with room for the envelope. */
const MAX_BATCH_JSON_BYTES = Math.floor(PING_LIMITS.maxBatchBytes * 0.9);

/**
 * The ping a device would have sent for a recorded point at device time `tMs`: optional
 * measurements that the wire format cannot carry (negative, or beyond its limits) are left out,
 * and the course is brought into 0..360.
 */
export function pingForPoint(point: TimedGpxPoint, seq: number, tMs: number): Ping {
  const ping: Ping = { seq, t: tMs, lat: point.lat, lng: point.lng };
  const { accuracyMeters, speedMps, courseDegrees } = point;
  if (accuracyMeters !== undefined && accuracyMeters >= 0 && accuracyMeters <= MAX_ACCURACY_METERS)
    ping.acc = accuracyMeters;
  if (speedMps !== undefined && speedMps >= 0 && speedMps <= MAX_SPEED_MPS) ping.spd = speedMps;
  if (courseDegrees !== undefined) ping.hdg = ((courseDegrees % 360) + 360) % 360;
  return ping;
}

/**
 * When each fix of a recorded track is sent and what device time it carries. Wall-clock spacing
 * is the recorded spacing divided by `speedup`. Device times keep the recorded spacing exactly
 * (the server judges motion on device time, so a fast replay is judged as it happened), shifted
 * as late as possible without any fix being stamped after its due moment: with `speedup` >= 1
 * the last fix carries the moment it is due, and at 1× every fix does.
 */
export function planReplay(
  points: readonly TimedGpxPoint[],
  options: ReplayPlanOptions,
): PlannedFix[] {
  const { speedup, startMs, firstSeq } = options;
  if (!(speedup > 0) || !Number.isFinite(speedup))
    throw new RangeError(`speedup must be a finite number > 0, got ${speedup}`);
  const ordered = [...points].sort((a, b) => a.timeMs - b.timeMs);
  const firstTimeMs = ordered[0]?.timeMs ?? 0;
  const dueMs = ordered.map((p) => startMs + (p.timeMs - firstTimeMs) / speedup);
  // The largest shift that keeps every device time at or before its due moment.
  let shiftMs = Infinity;
  for (let i = 0; i < ordered.length; i++)
    shiftMs = Math.min(shiftMs, dueMs[i]! - ordered[i]!.timeMs);
  shiftMs = Math.floor(shiftMs);
  return ordered.map((point, i) => ({
    dueMs: dueMs[i]!,
    ping: pingForPoint(point, firstSeq + i, point.timeMs + shiftMs),
  }));
}

/**
 * End (exclusive) of the batch starting at `from`: every fix already due at `nowMs`, up to the
 * server's batch size and message limits. Equals `from` when the fix at `from` is not yet due.
 */
export function dueBatchEnd(plan: readonly PlannedFix[], from: number, nowMs: number): number {
  const envelopeBytes = '{"pings":[]}'.length;
  let bytes = envelopeBytes;
  let end = from;
  while (end < plan.length && end - from < PING_LIMITS.maxPingsPerBatch) {
    const fix = plan[end]!;
    if (fix.dueMs > nowMs) break;
    const pingBytes = JSON.stringify(fix.ping).length + (end > from ? 1 : 0);
    if (end > from && bytes + pingBytes > MAX_BATCH_JSON_BYTES) break;
    bytes += pingBytes;
    end++;
  }
  return end;
}

import type { Vehicle } from '@dispatch/shared';
import { DetectionEngine } from '../../../server/src/detect/engine';
import type { DetectStop, MotionFix } from '../../../server/src/detect/types';
import type { Span, TruthSample } from './track-truth';

/** What a device reports for one truth sample; null when it gives no fix then. */
export type FixSource = (sample: TruthSample) => MotionFix | null;

/** A stall alert as the engine raised it: device-time span it claimed, server time it opened. */
export interface StallAlert {
  openedAt: number;
  from: number;
  to: number;
}

export interface StallReplayOptions {
  /** Virtual time between engine ticks; fixes due by then are delivered together. */
  tickMs: number;
  vehicle: Vehicle;
}

const COURIER_ID = 1;
/** Far enough from any track that the near-stop exemption never applies. */
const FAR_STOP_OFFSET_DEG = 1;

/**
 * Feeds one device's fixes for a truth timeline to a fresh `DetectionEngine` as the server would
 * (fixes as they fall due, a tick every `tickMs` in virtual time, device time = server time),
 * with an open stop far away so the stall rule applies throughout, and returns its stall alerts.
 */
export function replayStalls(
  samples: readonly TruthSample[],
  source: FixSource,
  { tickMs, vehicle }: StallReplayOptions,
): StallAlert[] {
  if (samples.length === 0) return [];
  const startMs = samples[0]!.atMs;
  const endMs = samples[samples.length - 1]!.atMs;
  const engine = new DetectionEngine();
  engine.upsertCourier({ id: COURIER_ID, vehicle, hubId: 1, shift: null });
  engine.setRoute(COURIER_ID, [farStop(samples[0]!, endMs)]);

  const alerts: StallAlert[] = [];
  let open: StallAlert | null = null;
  let next = 0;
  for (let now = startMs; now <= endMs + tickMs; now += tickMs) {
    const due: MotionFix[] = [];
    while (next < samples.length && samples[next]!.atMs <= now) {
      const fix = source(samples[next]!);
      if (fix) due.push(fix);
      next++;
    }
    if (due.length > 0) engine.onFixes(COURIER_ID, due, now);
    for (const signal of engine.tick(now)) {
      if (signal.kind !== 'stalled') continue;
      const { from, to } = signal.details;
      if (signal.change === 'open') {
        open = { openedAt: now, from, to };
        alerts.push(open);
      } else if (open) {
        open.from = Math.min(open.from, from);
        open.to = to;
        if (signal.change === 'resolve') open = null;
      }
    }
  }
  return alerts;
}

function farStop(at: TruthSample, endMs: number): DetectStop {
  return {
    id: 1,
    status: 'assigned',
    lat: at.lat + (at.lat > 0 ? -FAR_STOP_OFFSET_DEG : FAR_STOP_OFFSET_DEG),
    lng: at.lng,
    windowEnd: endMs + 24 * 3_600_000,
    serviceSeconds: 120,
    arrivedAt: null,
    slaTier: 'next_day',
  };
}

/** Whether a span shares an instant with any of the others. */
export function overlapsAny(span: Span, others: readonly Span[]): boolean {
  return others.some((o) => span.from <= o.to && o.from <= span.to);
}

/** A stall alert is true when the span it claimed overlaps a true standstill, false otherwise. */
export function falseStalls(alerts: readonly StallAlert[], standstills: readonly Span[]): number {
  return alerts.filter((a) => !overlapsAny(a, standstills)).length;
}

import { haversineMeters } from '@dispatch/shared';

/** One GPS fix as the device reported it: device time (epoch ms), position, claimed accuracy. */
export interface CourierFix {
  t: number;
  lat: number;
  lng: number;
  /** Claimed accuracy radius in metres; a typical phone's is assumed when unknown. */
  accuracyMeters?: number | null;
}

/** A point of a courier's track: position and device time (epoch ms). */
export interface TrackPoint {
  lat: number;
  lng: number;
  t: number;
}

/** A stretch a courier was seen to move along, between two fixes. */
export interface MovementSegment {
  meters: number;
  seconds: number;
  /** The fixes it runs between. */
  from: TrackPoint;
  to: TrackPoint;
  /** Midpoint in space and time: where and when the speed is attributed. */
  midLat: number;
  midLng: number;
  midT: number;
}

/**
 * What became of a fix: it completed a `segment`; it is kept until the courier has moved far
 * enough (`accumulating`); it starts a track (`started`); or it was set aside because it was
 * `inaccurate`, `out_of_order`, an implausible `jump`, came after a `gap`, or showed the courier
 * `stationary` (dwelling is not slowness).
 */
export type TrackFixOutcome =
  | 'segment'
  | 'accumulating'
  | 'started'
  | 'inaccurate'
  | 'out_of_order'
  | 'jump'
  | 'gap'
  | 'stationary';

/** When a pair of fixes says something about speed. */
export interface SegmentRules {
  /** Fixes claiming a worse accuracy are ignored. */
  maxAccuracyMeters: number;
  /** Anything faster between consecutive fixes is a bad fix, not a courier (200 km/h). */
  maxSpeedMps: number;
  /** Least displacement for a segment; it must also exceed twice the two fixes' accuracies. */
  minSegmentMeters: number;
  /** Slower segments are someone standing still, not slow traffic. */
  minSpeedMps: number;
  /** A longer silence between fixes breaks the track. */
  maxGapMs: number;
  /** A segment never starts at a fix older than this: a dwell does not leak into the next drive. */
  windowMs: number;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = {
  maxAccuracyMeters: 100,
  maxSpeedMps: 200 / 3.6,
  minSegmentMeters: 25,
  minSpeedMps: 0.5,
  maxGapMs: 120_000,
  windowMs: 60_000,
};

const UNKNOWN_ACCURACY_METERS = 10;
/** Fixes kept per courier while waiting for enough displacement. */
const MAX_BUFFERED_FIXES = 32;
/** This many implausible jumps in a row mean the old fix was the bad one, or the courier was carried. */
const JUMPS_BEFORE_RESTART = 3;

interface Fix {
  t: number;
  lat: number;
  lng: number;
  accuracyMeters: number;
}

/**
 * One courier's recent fixes, turned into movement segments. A segment ends at the newest fix
 * and starts at the latest earlier fix that lies far enough away to be beyond GPS noise, so a
 * courier leaving a stop is timed from the moment it left, not from when it got there.
 */
export class CourierTrack {
  private buffer: Fix[] = [];
  private last: Fix | null = null;
  private jumps = 0;

  constructor(private readonly rules: SegmentRules = DEFAULT_SEGMENT_RULES) {}

  /** Takes the next fix; returns what it made of it and, for `segment`, the segment. */
  observe(input: CourierFix): { outcome: TrackFixOutcome; segment?: MovementSegment } {
    const accuracyMeters = input.accuracyMeters ?? UNKNOWN_ACCURACY_METERS;
    const fix: Fix = { t: input.t, lat: input.lat, lng: input.lng, accuracyMeters };
    if (
      ![fix.t, fix.lat, fix.lng, accuracyMeters].every(Number.isFinite) ||
      accuracyMeters > this.rules.maxAccuracyMeters
    ) {
      return { outcome: 'inaccurate' };
    }
    const last = this.last;
    if (!last) return this.restart(fix, 'started');
    const dtMs = fix.t - last.t;
    if (dtMs <= 0) return { outcome: 'out_of_order' };
    if (dtMs > this.rules.maxGapMs) return this.restart(fix, 'gap');
    if (distance(last, fix) / (dtMs / 1000) > this.rules.maxSpeedMps) {
      return ++this.jumps >= JUMPS_BEFORE_RESTART ? this.restart(fix, 'jump') : { outcome: 'jump' };
    }
    this.jumps = 0;
    this.last = fix;

    const before = this.buffer.length;
    this.buffer = this.buffer.filter((p) => fix.t - p.t <= this.rules.windowMs);
    const aged = this.buffer.length < before;
    const start = this.segmentStart(fix);
    if (!start) {
      this.buffer.push(fix);
      if (this.buffer.length > MAX_BUFFERED_FIXES) this.buffer.shift();
      return { outcome: aged ? 'stationary' : 'accumulating' };
    }
    this.buffer = [fix];
    const meters = distance(start, fix);
    const seconds = (fix.t - start.t) / 1000;
    if (meters / seconds < this.rules.minSpeedMps) return { outcome: 'stationary' };
    return {
      outcome: 'segment',
      segment: {
        meters,
        seconds,
        from: { lat: start.lat, lng: start.lng, t: start.t },
        to: { lat: fix.lat, lng: fix.lng, t: fix.t },
        midLat: (start.lat + fix.lat) / 2,
        midLng: (start.lng + fix.lng) / 2,
        midT: (start.t + fix.t) / 2,
      },
    };
  }

  /** The latest buffered fix far enough from `fix`, or null. */
  private segmentStart(fix: Fix): Fix | null {
    const oldest = this.buffer[0];
    // The oldest fix is nearly always the farthest: when even it is too close, none is far enough.
    if (!oldest || distance(oldest, fix) < this.requiredMeters(oldest, fix)) return null;
    for (let i = this.buffer.length - 1; i >= 0; i--) {
      const p = this.buffer[i]!;
      if (distance(p, fix) >= this.requiredMeters(p, fix)) return p;
    }
    return null;
  }

  private requiredMeters(a: Fix, b: Fix): number {
    return Math.max(this.rules.minSegmentMeters, 2 * (a.accuracyMeters + b.accuracyMeters));
  }

  private restart(fix: Fix, outcome: TrackFixOutcome): { outcome: TrackFixOutcome } {
    this.buffer = [fix];
    this.last = fix;
    this.jumps = 0;
    return { outcome };
  }
}

function distance(a: Fix, b: Fix): number {
  return haversineMeters(a.lat, a.lng, b.lat, b.lng);
}

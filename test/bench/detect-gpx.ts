import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_DETECTION_CONFIG } from '../../server/src/detect/config';
import { parseGpx, type GpxTrack } from '../../server/src/gpx/gpx';
import { createRng, type Rng } from '../../server/src/lib/rng';
import { noisyPosition } from '../../server/src/simulator/gps-fix';
import { createPhoneGps, type PhoneGpsOptions } from '../../server/src/simulator/world/phone-gps';
import {
  overlapsAny,
  replayStalls,
  type FixSource,
  type StallAlert,
} from '../harness/detection-run/stall-replay';
import {
  movingMs,
  resampleTrack,
  trueStandstills,
  type TimedPosition,
} from '../harness/detection-run/track-truth';

/** One timed `trk` of a GPX file. */
export interface TimedTrack {
  name: string;
  points: TimedPosition[];
}

/** How a run's fixes are made from the truth. */
export interface NoiseVariant {
  label: string;
  kind: 'raw' | 'noisyPosition' | 'phone';
  /** Urban-canyon density the phone model is given all along a track (no street map there). */
  density?: number;
  /** Device traits forced on every run, e.g. how it misreports its accuracy. */
  phone?: Partial<PhoneGpsOptions>;
}

/** The main table: noise off, the simulator's old model as baseline, the phone model. */
export const NOISE_VARIANTS: readonly NoiseVariant[] = [
  { label: 'off (recorded track)', kind: 'raw' },
  { label: 'noisyPosition (old)', kind: 'noisyPosition' },
  { label: 'phone GPS, open (0.2)', kind: 'phone', density: 0.2 },
  { label: 'phone GPS, dense (0.8)', kind: 'phone', density: 0.8 },
];

/** The phone model in a dense block with each way of reporting accuracy forced on every device. */
export const ACCURACY_VARIANTS: readonly NoiseVariant[] = [0.4, 1, 2.5]
  .map((factor): NoiseVariant => ({
    label: `dense (0.8), accuracy × ${factor}`,
    kind: 'phone',
    density: 0.8,
    phone: { accuracyFactor: factor, fixedAccuracyMeters: null },
  }))
  .concat([
    {
      label: 'dense (0.8), accuracy fixed 20 m',
      kind: 'phone',
      density: 0.8,
      phone: { fixedAccuracyMeters: 20 },
    },
  ]);

/** What the recorded track claims with noise off: a good consumer fix. */
const RAW_ACCURACY_METERS = 5;

/**
 * What made a false stall, from the fixes the device sent during the span it claimed: a silence
 * (covered or an outage) then the cached position (`stale`) or fresh fixes (`gap`), a claimed
 * accuracy that widens the dwell radius, a multipath jump, else the correlated error and drift.
 */
export type FalseStallCause = 'stale' | 'gap' | 'accuracy' | 'multipath' | 'noise';

/**
 * The detectors' smallest dwell radius and its factor on the reported accuracy
 * (`DEFAULT_DETECTION_CONFIG`): a claimed accuracy above radius ÷ factor widens the dwell.
 */
const MIN_DWELL_RADIUS_METERS = DEFAULT_DETECTION_CONFIG.courier.minDwellRadiusMeters;
const DWELL_ACCURACY_FACTOR = DEFAULT_DETECTION_CONFIG.courier.dwellRadiusAccuracyFactor;
/** A break between fixes this long hides whatever the device did meanwhile. */
const SILENCE_MS = 60_000;

export interface GpxStallRow {
  track: string;
  noise: string;
  seeds: number;
  fixes: number;
  movingHours: number;
  standstills: number;
  alerts: number;
  falseAlerts: number;
  /** True standstills no alert overlapped, summed over seeds. */
  missedStandstills: number;
  /** True alerts beyond the first on a standstill: one standstill reported as several stalls. */
  repeatAlerts: number;
  causes: Record<FalseStallCause, number>;
}

export interface GpxStallOptions {
  dir: string;
  seeds: readonly number[];
  intervalMs: number;
  maxGapMs: number;
  tickMs: number;
  standstillRadiusMeters: number;
  stallMs: number;
}

export const DEFAULT_GPX_STALL_OPTIONS: Omit<GpxStallOptions, 'dir'> = {
  seeds: [1, 2, 3],
  intervalMs: 2000,
  maxGapMs: 120_000,
  tickMs: 5000,
  standstillRadiusMeters: 30,
  stallMs: 5 * 60_000,
};

/** Every `trk` whose every point has a time, from every GPX file in `dir`; null without `dir`. */
export function loadTimedTracks(dir: string): TimedTrack[] | null {
  if (!existsSync(dir)) return null;
  const tracks: TimedTrack[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.gpx'))
    .sort()) {
    const gpx = parseGpx(readFileSync(join(dir, file), 'utf8'));
    tracks.push(...timedTracksOf(gpx, basename(file, '.gpx')));
  }
  return tracks;
}

function timedTracksOf(gpx: GpxTrack, fileName: string): TimedTrack[] {
  const byTrack = new Map<number, GpxTrack['points']>();
  for (const point of gpx.points) {
    const trackIndex = gpx.segments[point.segment]?.trackIndex ?? 0;
    const points = byTrack.get(trackIndex);
    if (points) points.push(point);
    else byTrack.set(trackIndex, [point]);
  }
  const many = byTrack.size > 1;
  const tracks: TimedTrack[] = [];
  for (const [index, points] of byTrack) {
    if (points.length < 2 || points.some((p) => p.timeMs === null)) continue;
    const timed = points
      .map((p) => ({ lat: p.lat, lng: p.lng, timeMs: p.timeMs! }))
      .sort((a, b) => a.timeMs - b.timeMs);
    tracks.push({ name: many ? `${fileName} #${index + 1}` : fileName, points: timed });
  }
  return tracks;
}

/** A device for one run, and what it sent (to tell afterwards what made a false alert). */
interface Device {
  source: FixSource;
  sent: { atMs: number; accuracyMeters: number; stale: boolean; jumpMeters: number }[];
}

function deviceFor(variant: NoiseVariant, rng: Rng): Device {
  const sent: Device['sent'] = [];
  if (variant.kind !== 'phone') {
    const source: FixSource = (s) => {
      if (s.covered) return null;
      const noisy =
        variant.kind === 'raw'
          ? { ...s, accuracyMeters: RAW_ACCURACY_METERS }
          : noisyPosition(s.lat, s.lng, rng);
      sent.push({
        atMs: s.atMs,
        accuracyMeters: noisy.accuracyMeters,
        stale: false,
        jumpMeters: 0,
      });
      return { t: s.atMs, lat: noisy.lat, lng: noisy.lng, accuracyMeters: noisy.accuracyMeters };
    };
    return { source, sent };
  }
  const phone = createPhoneGps(rng, variant.phone);
  const density = variant.density ?? 0;
  const source: FixSource = (s) => {
    const fix = phone.fix({ ...s, density });
    if (!fix) return null;
    const { atMs, accuracyMeters, stale, jumpMeters } = fix;
    sent.push({ atMs, accuracyMeters, stale, jumpMeters });
    return { t: fix.atMs, lat: fix.lat, lng: fix.lng, accuracyMeters: fix.accuracyMeters };
  };
  return { source, sent };
}

function causeOf(alert: StallAlert, device: Device): FalseStallCause {
  const sent = device.sent.filter((f) => f.atMs >= alert.from && f.atMs <= alert.to);
  for (let i = 1; i < sent.length; i++) {
    if (sent[i]!.atMs - sent[i - 1]!.atMs < SILENCE_MS) continue;
    return sent[i]!.stale ? 'stale' : 'gap';
  }
  const accuracies = sent.map((f) => f.accuracyMeters).sort((a, b) => a - b);
  const medianAccuracy = accuracies[Math.floor(accuracies.length / 2)] ?? 0;
  if (medianAccuracy * DWELL_ACCURACY_FACTOR > MIN_DWELL_RADIUS_METERS) return 'accuracy';
  if (sent.some((f) => f.jumpMeters > 0)) return 'multipath';
  return 'noise';
}

/**
 * Replays every track under every variant, once without noise and once per seed with it, and
 * scores the stall alerts against the track's own standstills.
 */
export function measureGpxStalls(
  tracks: readonly TimedTrack[],
  variants: readonly NoiseVariant[],
  options: GpxStallOptions,
): GpxStallRow[] {
  const rows: GpxStallRow[] = [];
  for (const track of tracks) {
    const samples = resampleTrack(track.points, options);
    const standstills = trueStandstills(samples, {
      radiusMeters: options.standstillRadiusMeters,
      minMs: options.stallMs,
    });
    const movingHours = movingMs(track.points) / 3_600_000;
    for (const variant of variants) {
      const seeds = variant.kind === 'raw' ? [0] : options.seeds;
      const row: GpxStallRow = {
        track: track.name,
        noise: variant.label,
        seeds: seeds.length,
        fixes: samples.length,
        movingHours,
        standstills: standstills.length,
        alerts: 0,
        falseAlerts: 0,
        missedStandstills: 0,
        repeatAlerts: 0,
        causes: { stale: 0, gap: 0, accuracy: 0, multipath: 0, noise: 0 },
      };
      for (const seed of seeds) {
        const device = deviceFor(variant, createRng(seed).fork(track.name));
        const alerts = replayStalls(samples, device.source, {
          tickMs: options.tickMs,
          vehicle: 'car',
        });
        const falseAlerts = alerts.filter((a) => !overlapsAny(a, standstills));
        const found = standstills.filter((s) => overlapsAny(s, alerts)).length;
        row.alerts += alerts.length;
        row.falseAlerts += falseAlerts.length;
        row.missedStandstills += standstills.length - found;
        row.repeatAlerts += Math.max(0, alerts.length - falseAlerts.length - found);
        for (const alert of falseAlerts) row.causes[causeOf(alert, device)]++;
      }
      rows.push(row);
    }
  }
  return rows;
}

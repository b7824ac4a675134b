import {
  ACCURACY_VARIANTS,
  DEFAULT_GPX_STALL_OPTIONS,
  loadTimedTracks,
  measureGpxStalls,
  NOISE_VARIANTS,
  type GpxStallRow,
  type NoiseVariant,
} from './detect-gpx';
import { cell, markdownTable } from './table';

/** Seeds of the accuracy table: its rows differ in one trait, so more runs steady them. */
const ACCURACY_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** One row per variant summing every track. */
function totalsOf(rows: readonly GpxStallRow[], variants: readonly NoiseVariant[]): GpxStallRow[] {
  return variants.map((variant) => {
    const of = rows.filter((r) => r.noise === variant.label);
    const sum = (pick: (r: GpxStallRow) => number) => of.reduce((a, r) => a + pick(r), 0);
    return {
      track: '**all tracks**',
      noise: variant.label,
      seeds: of[0]?.seeds ?? 0,
      fixes: sum((r) => r.fixes),
      movingHours: sum((r) => r.movingHours),
      standstills: sum((r) => r.standstills),
      alerts: sum((r) => r.alerts),
      falseAlerts: sum((r) => r.falseAlerts),
      missedStandstills: sum((r) => r.missedStandstills),
      repeatAlerts: sum((r) => r.repeatAlerts),
      causes: {
        stale: sum((r) => r.causes.stale),
        gap: sum((r) => r.causes.gap),
        accuracy: sum((r) => r.causes.accuracy),
        multipath: sum((r) => r.causes.multipath),
        noise: sum((r) => r.causes.noise),
      },
    };
  });
}

/** Stall alerts against the truth, one row per given row. */
export function gpxStallTable(rows: readonly GpxStallRow[]): string {
  return markdownTable(
    [
      'track',
      'noise',
      'runs',
      'truth samples',
      'moving h',
      'standstills ≥ 5 min',
      'stall alerts',
      'false',
      'standstills missed',
      'repeat alerts',
      'false per h moving',
      'false by cause (stale / gap / accuracy / multipath / noise)',
    ],
    rows.map((r) => [
      r.track,
      r.noise,
      cell(r.seeds),
      cell(r.fixes),
      cell(r.movingHours, 2),
      cell(r.standstills),
      cell(r.alerts),
      cell(r.falseAlerts),
      cell(r.missedStandstills),
      cell(r.repeatAlerts),
      r.movingHours > 0 ? cell(r.falseAlerts / (r.movingHours * r.seeds), 2) : '—',
      r.falseAlerts > 0
        ? [
            r.causes.stale,
            r.causes.gap,
            r.causes.accuracy,
            r.causes.multipath,
            r.causes.noise,
          ].join(' / ')
        : '',
    ]),
  );
}

/** Section 4 of `bench:detect`, or a line saying why it was skipped. */
export function gpxStallSection(dir: string, log: (message: string) => void): string {
  const o = DEFAULT_GPX_STALL_OPTIONS;
  const tracks = loadTimedTracks(dir);
  if (tracks === null) {
    log(`false stalls on recorded tracks: skipped, ${dir} is absent`);
    return `## 4. False stalls on recorded tracks\n\nSkipped: ${dir} is absent.\n`;
  }
  log(`false stalls on recorded tracks: ${tracks.length} timed tracks, seeds ${o.seeds.join(',')}`);
  const rows = measureGpxStalls(tracks, NOISE_VARIANTS, { ...o, dir });
  log(`false stalls by accuracy reporting: ${ACCURACY_SEEDS.length} seeds`);
  const byAccuracy = measureGpxStalls(tracks, ACCURACY_VARIANTS, {
    ...o,
    dir,
    seeds: ACCURACY_SEEDS,
  });
  const notes = [
    `every \`trk\` with a time on each point in \`${dir}\`, resampled to a fix every ` +
      `${o.intervalMs / 1000} s (linear between recorded points); recorded points more than ` +
      `${o.maxGapMs / 1000} s apart are a gap: the device is covered there and sends nothing`,
    `truth standstill: the track stays within ${o.standstillRadiusMeters} m of the spell's ` +
      `mean position for ${o.stallMs / 60_000} min or more; moving time: recorded legs at ` +
      '0.5 m/s or more',
    'each run feeds a fresh `DetectionEngine` (one open stop 1° away, no shift window, a tick ' +
      `every ${o.tickMs / 1000} s of virtual time); a stall alert is false when the span it ` +
      'claimed (`from`–`to`) overlaps no truth standstill; false per hour is per run',
    `noise: off = the resampled truth with 5 m accuracy (one run); the others ${o.seeds.length} ` +
      `runs (seeds ${o.seeds.join(', ')}): \`noisyPosition\`, the simulator's fix model, as ` +
      'baseline; `createPhoneGps` at a fixed urban-canyon density (one device per seed, its ' +
      'accuracy misreporting drawn per device)',
    'missed: truth standstills no alert overlapped; repeat: alerts beyond the first on one ' +
      'standstill (its dwell broken and begun again); all counts summed over runs',
    'cause of a false stall, first that applies in its span: a minute or more without a fix ' +
      '(covered or an outage) ended by the cached position repeated (stale) or by fresh fixes ' +
      '(gap); a median claimed accuracy over 15 m (the dwell radius is max(30 m, 2 × ' +
      'accuracy), so a slow walk fits inside it); a multipath jump; otherwise the correlated ' +
      'error and drift',
    `second table: all tracks, the phone model at density 0.8 with every device forced to ` +
      `report its accuracy one way, ${ACCURACY_SEEDS.length} runs each`,
  ];
  return `${[
    '## 4. False stalls on recorded tracks',
    gpxStallTable([...rows, ...totalsOf(rows, NOISE_VARIANTS)]),
    gpxStallTable(totalsOf(byAccuracy, ACCURACY_VARIANTS)),
    notes.map((n) => `- ${n}`).join('\n'),
  ].join('\n\n')}\n`;
}

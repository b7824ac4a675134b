import {
  measureDetectionAccuracy,
  type AccuracyOptions,
  type AccuracyResult,
  type KindAccuracy,
} from './detect-accuracy';
import { cell, markdownTable, percentile } from './table';

const share = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${cell((100 * part) / whole, 1)}%`;
const ofTotal = (part: number, whole: number): string =>
  `${cell(part)}/${cell(whole)} (${share(part, whole)})`;

/** The accuracy table: one row per alert kind. */
export function accuracyTable(kinds: readonly KindAccuracy[]): string {
  const bucketLabels = kinds[0]?.score.buckets.map((b) => `recall ${b.label}`) ?? [];
  return markdownTable(
    [
      'alert',
      'threshold s',
      'alerts',
      'matched',
      'duplicates',
      'precision',
      'true spells ≥ threshold',
      'recall',
      'delay over threshold s p50',
      'p90',
      'max',
      ...bucketLabels,
    ],
    kinds.map((k) => {
      const s = k.score;
      const delays = s.delaysMs.map((d) => d / 1000);
      return [
        k.kind,
        cell(k.rules.thresholdMs / 1000),
        cell(s.alerts),
        cell(s.matched),
        cell(s.outcomes.filter((o) => o === 'duplicate').length),
        cell(s.precision, 3),
        cell(s.wanted),
        cell(s.recall, 3),
        cell(percentile(delays, 0.5), 0),
        cell(percentile(delays, 0.9), 0),
        cell(delays.at(-1), 0),
        ...s.buckets.map((b) => ofTotal(b.alerted, b.spells)),
      ];
    }),
  );
}

/** Bullets under the table: false alerts by cause, recall by what caused the spell, the setup. */
export function accuracyNotes(result: AccuracyResult): string[] {
  const { options, run } = result;
  const counts = new Map<string, number>();
  for (const i of run.incidents) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  const notes = [
    `seed ${options.seed}, ${options.couriers} couriers × ${options.hours} h virtual time on a ` +
      `6 km grid with the world's traffic (parking and walking to the door), phone GPS ` +
      `(\`phone-gps.ts\`), fixes every 1 s delivered every ${cell(options.tickMs / 1000)} s ` +
      `(engine tick the same); ${cell(result.elapsedMs / 1000, 0)} s`,
    `incidents injected: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')} ` +
      `(rates per courier-hour: ${Object.entries(options.incidents.rates)
        .map(([k, r]) => `${k} ${r}`)
        .join(', ')}; lunch once a day)`,
    'truth: a standstill is the courier truly within 25 m, open stops, serving none, farther than ' +
      '100 m from its next stop; a silence is its phone truly sending nothing with open stops; a ' +
      'lunch break counts as a standstill that wants a stall alert (the product has no break status)',
    `an alert matches a spell of its kind ≥ threshold of the same courier when it opens during it ` +
      `or within ${cell(result.kinds[0]!.rules.graceMs / 1000)} s after; one alert per spell ` +
      '(a second one is a duplicate); delay = opened − (spell start + threshold)',
  ];
  for (const k of result.kinds) {
    const causes = [...k.falseCauses].sort((a, b) => b[1] - a[1]);
    notes.push(
      `${k.kind} false alerts by cause: ${
        causes.length === 0 ? 'none' : causes.map(([c, n]) => `${c} ${n}`).join('; ')
      }`,
    );
    const byCause = [...k.byCause].sort((a, b) => b[1].spells - a[1].spells);
    notes.push(
      `${k.kind} recall by what the spell was: ${byCause
        .map(([c, e]) => `${c} ${ofTotal(e.alerted, e.spells)}`)
        .join('; ')}`,
    );
  }
  notes.push(
    'not shown: alerts on a real street network and real phones (the grid has no buildings: ' +
      'density is a proxy from street nodes), tunnels and covered parking, couriers without open ' +
      'stops, the other alert kinds, and how a dispatcher weighs a late alert against a false one',
  );
  return notes;
}

/** Section 5 of `bench:detect`: runs the accuracy measurement and prints its table and notes. */
export function detectionAccuracySection(
  options: AccuracyOptions,
  log: (message: string) => void,
): string {
  log(
    `detection accuracy: ${options.couriers} couriers × ${options.hours} h, seed ${options.seed}`,
  );
  const result = measureDetectionAccuracy(options);
  const notes = accuracyNotes(result)
    .map((n) => `- ${n}`)
    .join('\n');
  return `## 5. Stall and offline accuracy against ground truth\n\n${accuracyTable(result.kinds)}\n\n${notes}\n`;
}

/** The accuracy run's defaults: a working day of 100 couriers, shift from 08:00 local (UTC−4). */
export const DEFAULT_ACCURACY_OPTIONS: AccuracyOptions = {
  seed: 1,
  couriers: 100,
  hours: 8,
  tickMs: 5000,
  startMs: Date.UTC(2025, 0, 15, 12),
  incidents: {
    rates: { stop: 0.4, crawl: 0.3, phone_in_vehicle: 0.2, offline: 0.3 },
    lunch: true,
    utcOffsetMinutes: -240,
  },
};

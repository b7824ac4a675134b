import type { ReplayRouteStop } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';

/** Minutes the arrival came after the planned one (negative: early), or null when either is missing. */
export function minutesVsPlan(
  row: Pick<ReplayRouteStop, 'plannedEta' | 'arrivedAt'>,
): number | null {
  if (row.plannedEta === null || row.arrivedAt === null) return null;
  return Math.round((row.arrivedAt - row.plannedEta) / 60_000);
}

/** "5 min late", "3 min early", "on plan" (within a minute). */
export function minutesVsPlanText(minutes: number | null, t: Translate): string {
  if (minutes === null) return '—';
  if (minutes === 0) return t('replay.onPlan');
  return minutes > 0
    ? t('replay.minutesLate', { count: minutes })
    : t('replay.minutesEarly', { count: -minutes });
}

/** How many finished stops a courier did out of the planned order. */
export function outOfOrder(
  rows: readonly Pick<ReplayRouteStop, 'plannedSeq' | 'actualSeq'>[],
): number {
  const done = rows
    .filter((r) => r.plannedSeq !== null && r.actualSeq !== null)
    .sort((a, b) => a.plannedSeq! - b.plannedSeq!);
  // A stop is out of order when it was finished before one planned ahead of it.
  let count = 0;
  let latest = 0;
  for (const r of done) {
    if (r.actualSeq! < latest) count++;
    latest = Math.max(latest, r.actualSeq!);
  }
  return count;
}

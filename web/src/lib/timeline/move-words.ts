import type { MoveCandidate, MovePreview } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';

const ORDINAL_FORMS: Partial<Record<Intl.LDMLPluralRule, string>> = {
  one: 'timeline.ordinalOne',
  two: 'timeline.ordinalTwo',
  few: 'timeline.ordinalFew',
};

const ordinalRules = new Map<string, Intl.PluralRules>();

/** "1st", "2nd", "3rd", "11th", … ("1ª", "2ª" in Portuguese), by the language's ordinal rules. */
export function ordinal(n: number, t: Translate): string {
  const language = t('timeline.ordinalRules');
  let rules = ordinalRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language, { type: 'ordinal' });
    ordinalRules.set(language, rules);
  }
  return t(ORDINAL_FORMS[rules.select(n)] ?? 'timeline.ordinalOther', { n });
}

/** "2nd stop": a place on a route. */
export function nthStop(n: number, t: Translate): string {
  return t('timeline.nthStop', { ordinal: ordinal(n, t) });
}

/** "+4 min", "−3 min", "0 min": minutes with their sign. */
export function signedMinutes(minutes: number, t: Translate): string {
  const rounded = Math.round(minutes);
  if (rounded > 0) return t('timeline.minutesMore', { count: rounded });
  if (rounded < 0) return t('timeline.minutesLess', { count: -rounded });
  return t('timeline.minutesNone');
}

/** "no new lateness", "1 stop late, +6 min": the lateness a move causes on a route. */
export function latenessCaused(stopsMadeLate: number, lateMinutes: number, t: Translate): string {
  const minutes = Math.round(lateMinutes);
  if (stopsMadeLate === 0 && minutes <= 0) return t('timeline.noNewLateness');
  if (stopsMadeLate === 0) return t('timeline.minutesLater', { count: minutes });
  return t('timeline.stopsMadeLate', { count: stopsMadeLate, minutes: Math.max(1, minutes) });
}

/** "1.2 km away", "300 m away". */
function distanceAway(meters: number, t: Translate): string {
  if (meters < 1000) return t('timeline.metresAway', { metres: Math.round(meters) });
  return t('timeline.kilometresAway', { km: Math.round(meters / 100) / 10 });
}

/** A candidate in one line: "+3 min driving · no new lateness · 2nd stop · 1.2 km away". */
export function candidateLine(candidate: MoveCandidate, t: Translate): string {
  return [
    t('timeline.driving', { minutes: signedMinutes(candidate.addedDriveMinutes, t) }),
    latenessCaused(candidate.stopsMadeLate, candidate.lateMinutesCaused, t),
    nthStop(candidate.position, t),
    distanceAway(candidate.distanceMeters, t),
  ].join(' · ');
}

/**
 * A preview in plain words: where the stops land, when, the driving and lateness it adds to
 * the receiver, and what it does to the routes they leave.
 */
export function previewSentence(
  preview: MovePreview,
  clockTime: (ms: number) => string,
  t: Translate,
): string {
  const receiver = preview.couriers.find((c) => c.courierId === preview.toCourierId);
  const first = preview.moved[0];
  if (!receiver || !first) return '';
  const where = {
    name: receiver.name,
    place: nthStop(preview.position, t),
    time: clockTime(first.eta),
  };
  const parts = [
    first.lateMinutes >= 1
      ? t('timeline.arrivesLate', { ...where, minutes: Math.round(first.lateMinutes) })
      : t('timeline.arrives', where),
    t('timeline.driving', { minutes: signedMinutes(receiver.addedDriveMinutes, t) }),
  ];
  const madeLate = Math.max(0, receiver.after.lateStops - receiver.before.lateStops);
  parts.push(latenessCaused(madeLate, receiver.after.lateMinutes - receiver.before.lateMinutes, t));
  for (const giver of preview.couriers) {
    if (giver.courierId === preview.toCourierId) continue;
    const saved = Math.round(giver.before.lateMinutes - giver.after.lateMinutes);
    if (saved > 0) parts.push(t('timeline.lessLate', { name: giver.name, minutes: saved }));
  }
  return parts.join(' · ');
}

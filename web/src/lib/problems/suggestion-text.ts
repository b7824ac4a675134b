import type { SuggestionView } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import { durationLabel } from './headline';
import type { ProblemStop } from './problem-types';

/** How people, orders and times are written. */
export interface SuggestionWording {
  courierName: (id: number) => string;
  stop: (id: number) => ProblemStop | undefined;
  /** A wall-clock time in the hub's time zone. */
  formatClock: (epochMs: number) => string;
}

/** Order references of the moved stops, a pickup and its delivery counted once. */
function movedOrders(suggestion: SuggestionView, wording: SuggestionWording): string[] | null {
  const labels = new Set<string>();
  for (const id of suggestion.stopIds) {
    const stop = wording.stop(id);
    if (!stop) return null;
    labels.add(stop.orderRef ?? stop.address);
  }
  return [...labels];
}

/** "Move to Ana", "Move ABC-12 to Ana", "Assign 3 stops to Ana", "Share 4 stops among Ana and Ben". */
function moveVerb(
  suggestion: SuggestionView,
  wording: SuggestionWording,
  nameOrders: boolean,
  t: Translate,
): string {
  const receivers = suggestion.receiverIds?.length
    ? suggestion.receiverIds
    : suggestion.toCourierId === null
      ? []
      : [suggestion.toCourierId];
  const names = receivers.map(wording.courierName);
  const orders = movedOrders(suggestion, wording);
  const stops = (count: number) => t('common.stops', { count });
  const what = !nameOrders
    ? null
    : orders === null || orders.length > 2
      ? stops(orders?.length ?? suggestion.stopIds.length)
      : listOf(orders, t);
  if (suggestion.kind === 'failed_attempt' && suggestion.fromCourierId === suggestion.toCourierId)
    return t('problems.suggestion.retry', {
      name: names[0] ?? t('problems.suggestion.sameCourier'),
    });
  if (names.length > 1)
    return t('problems.suggestion.share', {
      what: what ?? stops(suggestion.stopIds.length),
      names: listOf(names, t),
    });
  const name = names[0] ?? t('problems.suggestion.anotherCourier');
  const verb = suggestion.fromCourierId === null ? 'assign' : 'move';
  return what === null
    ? t(`problems.suggestion.${verb}`, { name })
    : t(`problems.suggestion.${verb}What`, { what, name });
}

/** What the move is predicted to do, in short phrases. */
function effectPhrases(
  suggestion: SuggestionView,
  wording: SuggestionWording,
  t: Translate,
): string[] {
  const effect = suggestion.effect;
  if (!effect) return [];
  const phrases: string[] = [];
  const removed = effect.latenessRemovedMinutes;
  if (removed >= 0.5)
    phrases.push(t('problems.effect.saves', { duration: durationLabel(removed, t) }));
  else if (removed <= -0.5)
    phrases.push(t('problems.effect.stillLate', { duration: durationLabel(-removed, t) }));
  const [first, ...rest] = effect.arrivals;
  if (first) {
    const time = wording.formatClock(first.arriveAt);
    phrases.push(
      t(rest.length > 0 ? 'problems.effect.firstArrives' : 'problems.effect.arrives', { time }),
    );
  }
  const madeLate = effect.otherStopsMadeLate.length;
  phrases.push(
    madeLate === 0
      ? t('problems.effect.nobodyLate')
      : t('problems.effect.makesLate', { count: madeLate }),
  );
  if (effect.addedMinutes >= 1) {
    const duration = durationLabel(effect.addedMinutes, t);
    phrases.push(
      suggestion.receiverIds && suggestion.receiverIds.length > 1
        ? t('problems.effect.addsToRoutes', { duration })
        : t('problems.effect.addsToRoute', {
            duration,
            name: wording.courierName(suggestion.toCourierId ?? 0),
          }),
    );
  }
  return phrases;
}

/**
 * A suggestion in plain words from its fields, in the language of `t`, e.g. "Move to Ana: saves
 * 2 h 11 min of lateness, arrives 18:17, nobody else late". `nameOrders` names the moved orders
 * (when the problem it sits under has several).
 */
export function suggestionSentence(
  suggestion: SuggestionView,
  wording: SuggestionWording,
  nameOrders: boolean,
  t: Translate,
): string {
  const verb = moveVerb(suggestion, wording, nameOrders, t);
  const phrases = effectPhrases(suggestion, wording, t);
  return phrases.length > 0 ? `${verb}: ${phrases.join(', ')}` : verb;
}

/** "2 more options", "1 more option". */
export function moreOptionsLabel(count: number, t: Translate): string {
  return t('problems.moreOptions', { count });
}

/** "A-1, B-2 and C-3". */
function listOf(items: readonly string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return t('problems.list', { items: items.slice(0, -1).join(', '), last: items.at(-1)! });
}

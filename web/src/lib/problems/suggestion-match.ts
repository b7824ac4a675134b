import { OPEN_STOP_STATUSES, type SuggestionView } from '@dispatch/shared';
import type { Problem, ProblemStop } from './problem-types';

const OPEN = new Set(OPEN_STOP_STATUSES);

/**
 * Whether a suggestion no longer fits what the console sees: one of its stops is done, or has
 * already left the courier it was to be taken from.
 */
export function isStaleSuggestion(
  suggestion: SuggestionView,
  stop: (id: number) => ProblemStop | undefined,
): boolean {
  return suggestion.stopIds.some((id) => {
    const known = stop(id);
    if (!known) return false;
    return !OPEN.has(known.status) || known.courierId !== suggestion.fromCourierId;
  });
}

/** Suggestions placed under the problems they solve, best first; the rest stand apart. */
export interface SuggestionPlacement {
  byProblem: ReadonlyMap<string, readonly SuggestionView[]>;
  unplaced: readonly SuggestionView[];
}

/** Best first (highest score), then newest. */
function bestFirst(a: SuggestionView, b: SuggestionView): number {
  return b.score - a.score || b.createdAt - a.createdAt || b.id - a.id;
}

/**
 * Finds each suggestion's problem: the one holding the alert that asked for it, else the one
 * holding one of its stops, else the halted courier it takes stops from.
 */
export function placeSuggestions(
  problems: readonly Problem[],
  suggestions: readonly SuggestionView[],
): SuggestionPlacement {
  const byAlert = new Map<number, Problem>();
  const byStop = new Map<number, Problem>();
  const byHaltedCourier = new Map<number, Problem>();
  for (const problem of problems) {
    for (const id of problem.alertIds) byAlert.set(id, problem);
    for (const id of problem.stopIds) if (!byStop.has(id)) byStop.set(id, problem);
    if ((problem.kind === 'stalled' || problem.kind === 'offline') && problem.courierId !== null)
      byHaltedCourier.set(problem.courierId, problem);
  }
  const byProblem = new Map<string, SuggestionView[]>();
  const unplaced: SuggestionView[] = [];
  for (const suggestion of [...suggestions].sort(bestFirst)) {
    const problem =
      (suggestion.alertId != null ? byAlert.get(suggestion.alertId) : undefined) ??
      suggestion.stopIds.map((id) => byStop.get(id)).find((p) => p !== undefined) ??
      (suggestion.fromCourierId === null
        ? undefined
        : byHaltedCourier.get(suggestion.fromCourierId));
    if (!problem) {
      unplaced.push(suggestion);
      continue;
    }
    byProblem.set(problem.key, [...(byProblem.get(problem.key) ?? []), suggestion]);
  }
  return { byProblem, unplaced };
}

import type { AlertKind, AlertSeverity } from '@dispatch/shared';
import type { Problem } from './problem-types';

/**
 * The kinds a dispatcher filters by, each standing for one or more alert kinds; each is named
 * by the message `problems.filter.<kind>`.
 */
export const PROBLEM_FILTER_KINDS = {
  halted: ['stalled', 'offline'],
  late: ['late', 'sla_breach'],
  at_risk: ['late_risk'],
  held_up: ['stuck_at_stop'],
  failed: ['failed_attempt'],
  hub: ['hub_sla'],
} as const satisfies Record<string, readonly AlertKind[]>;
export type ProblemFilterKind = keyof typeof PROBLEM_FILTER_KINDS;

/** What the panel shows; `'all'` lets everything through. */
export interface ProblemFilter {
  kind: ProblemFilterKind | 'all';
  severity: AlertSeverity | 'all';
  hubId: number | 'all';
  /** Info-level problems are hidden unless asked for (or filtered for explicitly). */
  showInfo: boolean;
}

export const DEFAULT_PROBLEM_FILTER: ProblemFilter = {
  kind: 'all',
  severity: 'all',
  hubId: 'all',
  showInfo: false,
};

/** The problems the filter lets through, and how many info-level ones it hides on top. */
export function filterProblems(
  problems: readonly Problem[],
  filter: ProblemFilter,
): { shown: Problem[]; hiddenInfo: number } {
  const wanted: readonly AlertKind[] | null =
    filter.kind === 'all' ? null : PROBLEM_FILTER_KINDS[filter.kind];
  const shown: Problem[] = [];
  let hiddenInfo = 0;
  for (const p of problems) {
    if (wanted && !wanted.some((k) => p.kinds.has(k))) continue;
    if (filter.severity !== 'all' && p.severity !== filter.severity) continue;
    if (filter.hubId !== 'all' && p.hubId !== filter.hubId) continue;
    if (p.severity === 'info' && !filter.showInfo && filter.severity !== 'info') {
      hiddenInfo++;
      continue;
    }
    shown.push(p);
  }
  return { shown, hiddenInfo };
}

/** Critical problems someone still has to acknowledge: the count in the tab title. */
export function criticalUnacknowledged(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'critical' && p.unacknowledgedIds.length > 0);
}

/** Critical problems not seen critical before: the ones to announce. */
export function newlyCritical(problems: readonly Problem[], seen: ReadonlySet<string>): Problem[] {
  return criticalUnacknowledged(problems).filter((p) => !seen.has(p.key));
}

/** "(2) Dispatch console" when two critical problems wait, the plain title otherwise. */
export function titleWithCount(title: string, count: number): string {
  return count > 0 ? `(${count}) ${title}` : title;
}

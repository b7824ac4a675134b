import type { AlertView, SuggestionView } from '@dispatch/shared';
import { groupProblems } from './group-problems';
import {
  DEFAULT_PROBLEM_FILTER,
  criticalUnacknowledged,
  filterProblems,
  newlyCritical,
  type ProblemFilter,
} from './problem-filter';
import type { Problem, ProblemContext } from './problem-types';
import { isStaleSuggestion, placeSuggestions } from './suggestion-match';

/** What the board reads from the console, read inside its deriveds so it follows changes. */
export interface ProblemSource {
  /** Whether the open alerts have been loaded (before that, nothing is new). */
  loaded: () => boolean;
  alerts: () => readonly AlertView[];
  /** Suggestions the dispatcher can still act on. */
  suggestions: () => readonly SuggestionView[];
  context: () => ProblemContext;
}

/**
 * The problems panel's state: alerts grouped into problems, filtered; suggestions placed under
 * them; which problems are expanded and which is selected; which critical ones were announced.
 */
export class ProblemBoard {
  filter = $state<ProblemFilter>({ ...DEFAULT_PROBLEM_FILTER });
  expanded = $state.raw<ReadonlySet<string>>(new Set());
  selectedKey = $state<string | null>(null);

  /** Every open problem, most pressing first. */
  all = $derived.by(() => groupProblems(this.#source.alerts(), this.#source.context()));
  /** What the filter lets through, and the info-level ones hidden. */
  view = $derived(filterProblems(this.all, this.filter));
  placement = $derived.by(() => {
    const ctx = this.#source.context();
    const live = this.#source.suggestions().filter((s) => !isStaleSuggestion(s, ctx.stop));
    return placeSuggestions(this.all, live);
  });
  selected = $derived(this.view.shown.find((p) => p.key === this.selectedKey) ?? null);
  /** Critical problems nobody has acknowledged: the tab title's count. */
  criticalCount = $derived(criticalUnacknowledged(this.all).length);

  #seenCritical = new Set<string>();
  #baselined = false;

  readonly #source: ProblemSource;

  constructor(source: ProblemSource) {
    this.#source = source;
  }

  /** Suggestions for a problem, best first. */
  suggestionsFor(key: string): readonly SuggestionView[] {
    return this.placement.byProblem.get(key) ?? [];
  }

  isExpanded(key: string): boolean {
    return this.expanded.has(key);
  }

  toggle(key: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(key)) next.add(key);
    this.expanded = next;
  }

  select(key: string | null): void {
    this.selectedKey = key;
  }

  selectNext(): Problem | null {
    return this.#step(1);
  }

  selectPrevious(): Problem | null {
    return this.#step(-1);
  }

  /**
   * Critical problems that were not critical and open at the last call, to announce. The
   * problems already open when the alerts first load are taken as seen, not announced.
   */
  takeNewlyCritical(): Problem[] {
    if (!this.#source.loaded()) return [];
    const fresh = newlyCritical(this.all, this.#seenCritical);
    this.#seenCritical = new Set(criticalUnacknowledged(this.all).map((p) => p.key));
    if (!this.#baselined) {
      this.#baselined = true;
      return [];
    }
    return fresh;
  }

  /** Acknowledges every alert of the problem nobody has acknowledged yet, one by one. */
  async acknowledge(problem: Problem, ack: (alertId: number) => Promise<void>): Promise<void> {
    await Promise.all(problem.unacknowledgedIds.map((id) => ack(id)));
  }

  #step(direction: 1 | -1): Problem | null {
    const list = this.view.shown;
    if (list.length === 0) {
      this.selectedKey = null;
      return null;
    }
    const at = list.findIndex((p) => p.key === this.selectedKey);
    const next = at === -1 ? (direction === 1 ? 0 : list.length - 1) : at + direction;
    const problem = list[Math.min(list.length - 1, Math.max(0, next))]!;
    this.selectedKey = problem.key;
    return problem;
  }
}

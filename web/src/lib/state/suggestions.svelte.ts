import type { ReassignResult, SuggestionView } from '@dispatch/shared';

/** What happened when the dispatcher acted on a suggestion. */
export type SuggestionOutcome =
  | { state: 'pending'; action: 'accept' | 'reject' }
  | { state: 'applied'; result: ReassignResult }
  | { state: 'rejected' }
  | { state: 'conflict'; reason: string }
  | { state: 'failed'; reason: string };

export interface SuggestionActions {
  accept: (suggestionId: number) => Promise<ReassignResult>;
  reject: (suggestionId: number) => Promise<SuggestionView>;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Best first, then newest. */
function compareSuggestions(a: SuggestionView, b: SuggestionView): number {
  return b.score - a.score || b.createdAt - a.createdAt || b.id - a.id;
}

/** The last answer to the dispatcher's accept or reject, kept after the suggestion leaves. */
export interface SuggestionNotice {
  suggestion: SuggestionView;
  outcome: Extract<SuggestionOutcome, { state: 'applied' | 'rejected' | 'conflict' }>;
}

/**
 * Reassignment suggestions the dispatcher can still act on, with a pending/conflict/failed state
 * per suggestion. Applied, rejected, expired and superseded ones leave the list; the answer to
 * the last one acted on here stays as a notice.
 */
export class SuggestionBoard {
  #byId = $state.raw(new Map<number, SuggestionView>());
  outcomes = $state.raw(new Map<number, SuggestionOutcome>());
  /** The suggestion picked in the list; the map previews it. */
  selectedId = $state<number | null>(null);
  notice = $state.raw<SuggestionNotice | null>(null);

  /** Open suggestions not yet applied or rejected here, best first. */
  list = $derived(
    [...this.#byId.values()]
      .filter((s) => s.status === 'open' && !this.#done(s.id))
      .sort(compareSuggestions),
  );
  /** The selected suggestion while it can still be acted on. */
  selected = $derived(this.list.find((s) => s.id === this.selectedId) ?? null);

  get(id: number): SuggestionView | undefined {
    return this.#byId.get(id);
  }

  replaceAll(suggestions: readonly SuggestionView[]): void {
    this.#byId = new Map(suggestions.map((s) => [s.id, s]));
  }

  /** A suggestion made or changed on the server (`suggestion:changed`). */
  upsert(suggestion: SuggestionView): void {
    this.#byId = new Map(this.#byId).set(suggestion.id, suggestion);
  }

  /** Accepts a suggestion; a route that changed underneath comes back as `conflict`. */
  async accept(id: number, actions: SuggestionActions): Promise<SuggestionOutcome | undefined> {
    if (!this.#begin(id, 'accept')) return undefined;
    try {
      const result = await actions.accept(id);
      const current = this.#byId.get(id);
      if (current?.status === 'open') this.upsert({ ...current, status: 'accepted' });
      return this.#finish(id, { state: 'applied', result });
    } catch (err) {
      return this.#finish(id, this.#refusal(err));
    }
  }

  async reject(id: number, actions: SuggestionActions): Promise<SuggestionOutcome | undefined> {
    if (!this.#begin(id, 'reject')) return undefined;
    try {
      const updated = await actions.reject(id);
      this.upsert(updated);
      return this.#finish(id, { state: 'rejected' });
    } catch (err) {
      return this.#finish(id, this.#refusal(err));
    }
  }

  /** Forgets the outcome (the dispatcher dismissed the answer). */
  dismiss(id: number): void {
    const next = new Map(this.outcomes);
    next.delete(id);
    this.outcomes = next;
    if (this.notice?.suggestion.id === id) this.notice = null;
  }

  selectNext(): void {
    this.#step(1);
  }

  selectPrevious(): void {
    this.#step(-1);
  }

  /** Whether the dispatcher can still accept or reject: open, and not already answered. */
  canAct(id: number): boolean {
    const outcome = this.outcomes.get(id);
    return this.#byId.get(id)?.status === 'open' && (!outcome || outcome.state === 'failed');
  }

  #begin(id: number, action: 'accept' | 'reject'): boolean {
    if (!this.canAct(id)) return false;
    this.#finish(id, { state: 'pending', action });
    return true;
  }

  #finish(id: number, outcome: SuggestionOutcome): SuggestionOutcome {
    this.outcomes = new Map(this.outcomes).set(id, outcome);
    const suggestion = this.#byId.get(id);
    if (
      suggestion &&
      (outcome.state === 'applied' || outcome.state === 'rejected' || outcome.state === 'conflict')
    )
      this.notice = { suggestion, outcome };
    return outcome;
  }

  #done(id: number): boolean {
    const state = this.outcomes.get(id)?.state;
    return state === 'applied' || state === 'rejected';
  }

  #refusal(err: unknown): SuggestionOutcome {
    return errorCode(err) === 'conflict'
      ? { state: 'conflict', reason: errorText(err) }
      : { state: 'failed', reason: errorText(err) };
  }

  #step(direction: 1 | -1): void {
    const list = this.list;
    if (list.length === 0) return;
    const at = list.findIndex((s) => s.id === this.selectedId);
    const next = at === -1 ? (direction === 1 ? 0 : list.length - 1) : at + direction;
    this.selectedId = list[Math.min(list.length - 1, Math.max(0, next))]!.id;
  }
}

import type { PlanOutcome, PlanPreview, Stop } from '@dispatch/shared';
import { t as consoleTranslate } from '../i18n/language.svelte';
import type { Translate } from '../i18n/translate';

/** Unassigned stops per hub (stops without a hub are not plannable and left out). */
export function unassignedByHub(stops: Iterable<Stop>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const stop of stops) {
    if (stop.status !== 'unassigned' || stop.hubId === null) continue;
    counts.set(stop.hubId, (counts.get(stop.hubId) ?? 0) + 1);
  }
  return counts;
}

/** What was left unassigned, grouped by reason: "its window has already closed (2); …". */
function reasonsOf(unplanned: readonly { reason: string }[]): string {
  const reasons = new Map<string, number>();
  for (const u of unplanned) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
  return [...reasons].map(([reason, n]) => `${reason} (${n})`).join('; ');
}

/** An applied plan's outcome in one line for the dispatcher. */
export function planSummary(outcome: PlanOutcome, t: Translate): string {
  if (outcome.planned === 0 && outcome.unplanned.length === 0) return t('planning.summary.nothing');
  let planned = t('planning.summary.planned', {
    count: outcome.planned,
    stops: t('common.stops', { count: outcome.planned }),
    couriers: t('common.couriers', { count: outcome.couriers.length }),
  });
  if (outcome.couriers.length > 0)
    planned = t('planning.summary.limit', { planned, max: outcome.maxStopsPerCourier });
  const parts = [planned];
  if (outcome.late.length > 0)
    parts.push(t('planning.summary.late', { count: outcome.late.length }));
  if (outcome.unplanned.length > 0)
    parts.push(
      t('planning.summary.unplanned', {
        count: outcome.unplanned.length,
        reasons: reasonsOf(outcome.unplanned),
      }),
    );
  return `${parts.join(' · ')}.`;
}

/** One figure of a plan preview: what it is, before and after when it changes. */
export interface PreviewFigure {
  label: string;
  value: string;
}

/** Kilometres to one decimal; the translator writes the number in the language's way. */
const tenths = (km: number) => Math.round(km * 10) / 10;

/** A plan preview's headline figures, in the order the dialog shows them. */
export function previewFigures(preview: PlanPreview, t: Translate): PreviewFigure[] {
  const receiving = preview.couriers.filter((c) => c.added > 0).length;
  const reorderedOnly = preview.couriers.filter((c) => c.added === 0).length;
  const figures: PreviewFigure[] = [
    {
      label: t('planning.figure.planned'),
      value: t('planning.figure.plannedValue', {
        planned: preview.planned,
        unassigned: preview.unassigned,
        couriers: t('common.couriers', { count: receiving }),
      }),
    },
    {
      label: t('planning.figure.distance'),
      value: t('planning.figure.distanceValue', {
        before: tenths(preview.km.before),
        after: tenths(preview.km.after),
      }),
    },
    {
      label: t('planning.figure.late'),
      value: `${preview.lateStops.before} → ${preview.lateStops.after}`,
    },
  ];
  if (reorderedOnly > 0)
    figures.push({
      label: t('planning.figure.reordered'),
      value: t('common.couriers', { count: reorderedOnly }),
    });
  if (preview.unplanned.length > 0)
    figures.push({
      label: t('planning.figure.unplanned'),
      value: `${preview.unplanned.length}: ${reasonsOf(preview.unplanned)}`,
    });
  return figures;
}

/** Why the plan button is disabled, or null when it can be used. */
export function planUnavailableReason(
  options: { unassigned: number; busy: boolean; hubKnown: boolean },
  t: Translate,
): string | null {
  if (!options.hubKnown) return t('planning.noHub');
  if (options.busy) return t('planning.busy');
  if (options.unassigned === 0) return t('planning.nothingWaiting');
  return null;
}

/** Calls to the server a plan preview needs. */
export interface PlanActions {
  preview(hubId: number): Promise<PlanPreview>;
  accept(hubId: number, planId: string): Promise<PlanOutcome>;
  discard(hubId: number, planId: string): Promise<void>;
}

/** `idle`: no dialog; the rest: the dialog is open. */
export type PlanPhase = 'idle' | 'planning' | 'ready' | 'accepting';

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Why the dialog's plan failed: the server's reason, and whether making it (not applying) failed. */
interface PlanProblem {
  making: boolean;
  reason: string;
}

/**
 * The console's plan action: a preview computed for a hub and shown in a dialog, then accepted
 * (applied) or discarded; one at a time. The last applied plan stays in words, worded when read
 * so that they follow the console's language (`translate`).
 */
export class PlanBoard {
  phase = $state<PlanPhase>('idle');
  hubId = $state<number | null>(null);
  preview = $state.raw<PlanPreview | null>(null);
  #problem = $state.raw<PlanProblem | null>(null);
  #applied = $state.raw<PlanOutcome | null>(null);

  constructor(private readonly translate: Translate = consoleTranslate) {}

  /** Why the dialog's plan could not be made or applied (routes changed since, …). */
  get error(): string | null {
    const problem = this.#problem;
    if (!problem) return null;
    return problem.making
      ? this.translate('planning.cannotMake', { reason: problem.reason })
      : problem.reason;
  }

  /** The last applied plan's outcome in words. */
  get message(): string | null {
    return this.#applied && planSummary(this.#applied, this.translate);
  }

  get open(): boolean {
    return this.phase !== 'idle';
  }

  /** Opens the dialog and makes a plan for the hub (again, after a refusal). */
  async start(hubId: number, actions: Pick<PlanActions, 'preview'>): Promise<void> {
    if (this.phase === 'planning' || this.phase === 'accepting') return;
    this.phase = 'planning';
    this.hubId = hubId;
    this.preview = null;
    this.#problem = null;
    try {
      const preview = await actions.preview(hubId);
      if (this.hubId === hubId && this.phase === 'planning') this.preview = preview;
    } catch (err) {
      this.#problem = { making: true, reason: reasonOf(err) };
    } finally {
      if (this.phase === 'planning') this.phase = 'ready';
    }
  }

  /** Applies the previewed plan; returns its outcome, or null when it was refused. */
  async accept(actions: Pick<PlanActions, 'accept'>): Promise<PlanOutcome | null> {
    const preview = this.preview;
    if (this.phase !== 'ready' || !preview) return null;
    this.phase = 'accepting';
    try {
      const outcome = await actions.accept(preview.hubId, preview.planId);
      this.#applied = outcome;
      this.#reset();
      return outcome;
    } catch (err) {
      // The plan is spent either way: a refused one must be made again.
      this.preview = null;
      this.#problem = { making: false, reason: reasonOf(err) };
      this.phase = 'ready';
      return null;
    }
  }

  /** Closes the dialog, telling the server to forget the plan (nothing changes either way). */
  async discard(actions: Pick<PlanActions, 'discard'>): Promise<void> {
    const preview = this.preview;
    if (this.phase === 'accepting') return;
    this.#reset();
    if (preview) await actions.discard(preview.hubId, preview.planId).catch(() => {});
  }

  dismiss(): void {
    this.#applied = null;
  }

  #reset(): void {
    this.phase = 'idle';
    this.hubId = null;
    this.preview = null;
    this.#problem = null;
  }
}

import type { PlanOutcome, Stop } from '@dispatch/shared';

/** Unassigned stops per hub (stops without a hub are not plannable and left out). */
export function unassignedByHub(stops: Iterable<Stop>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const stop of stops) {
    if (stop.status !== 'unassigned' || stop.hubId === null) continue;
    counts.set(stop.hubId, (counts.get(stop.hubId) ?? 0) + 1);
  }
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A plan's outcome in one line for the dispatcher. */
export function planSummary(outcome: PlanOutcome): string {
  if (outcome.planned === 0 && outcome.unplanned.length === 0) return 'Nothing to plan.';
  const parts = [
    `Planned ${plural(outcome.planned, 'stop')} onto ${plural(outcome.couriers.length, 'courier')}` +
      (outcome.couriers.length > 0 ? ` (at most ${outcome.maxStopsPerCourier} each)` : ''),
  ];
  if (outcome.late.length > 0) parts.push(`${outcome.late.length} predicted late`);
  if (outcome.unplanned.length > 0) {
    const reasons = new Map<string, number>();
    for (const u of outcome.unplanned) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    const why = [...reasons].map(([reason, n]) => `${reason} (${n})`).join('; ');
    parts.push(`${outcome.unplanned.length} left unassigned: ${why}`);
  }
  return `${parts.join(' · ')}.`;
}

/** The console's "plan unassigned stops" action: one plan at a time, its outcome in words. */
export class PlanBoard {
  runningHubId = $state<number | null>(null);
  message = $state<string | null>(null);
  failed = $state(false);

  /** Runs `plan` for a hub unless one is running; returns the outcome, or null. */
  async run(
    hubId: number,
    plan: (hubId: number) => Promise<PlanOutcome>,
  ): Promise<PlanOutcome | null> {
    if (this.runningHubId !== null) return null;
    this.runningHubId = hubId;
    this.message = null;
    this.failed = false;
    try {
      const outcome = await plan(hubId);
      this.message = planSummary(outcome);
      return outcome;
    } catch (err) {
      this.failed = true;
      this.message = `Planning failed: ${err instanceof Error ? err.message : String(err)}`;
      return null;
    } finally {
      this.runningHubId = null;
    }
  }

  dismiss(): void {
    this.message = null;
    this.failed = false;
  }
}

import type { AttemptReport } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';

export type ReportStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The supervisor page's figures of failed attempts and returns, for one hub at a time. */
export class AttemptReportBoard {
  hubId = $state<number | null>(null);
  report = $state.raw<AttemptReport | null>(null);
  status = $state<ReportStatus>('idle');
  message = $state.raw<Wording | null>(null);

  /** The reasons that failed at least once today, most frequent first. */
  reasons = $derived(
    (this.report?.failedByReason ?? [])
      .filter((r) => r.count > 0)
      .sort((a, b) => b.count - a.count),
  );

  /** Loads (or refreshes) the figures of `hubId`; an answer for a hub no longer shown is dropped. */
  async load(hubId: number, fetch: (hubId: number) => Promise<AttemptReport>): Promise<void> {
    if (this.hubId !== hubId) this.report = null;
    this.hubId = hubId;
    if (!this.report) this.status = 'loading';
    try {
      const report = await fetch(hubId);
      if (this.hubId !== hubId) return;
      this.report = report;
      this.status = 'ready';
      this.message = null;
    } catch (err) {
      if (this.hubId !== hubId) return;
      this.status = 'error';
      this.message = failureWording(err);
    }
  }
}

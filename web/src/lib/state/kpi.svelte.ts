import type { AlertView, KpiSnapshot } from '@dispatch/shared';

const BREACH_KINDS = new Set(['sla_breach', 'hub_sla']);

/** One point of the on-time chart; `rate` is null for an hour with no deliveries. */
export interface OnTimePoint {
  hourStart: number;
  delivered: number;
  rate: number | null;
}

export type KpiStatus = 'loading' | 'ready' | 'forbidden' | 'error';

/** Supervisor KPIs: loaded from `GET /api/v1/kpi`, then replaced by `kpi` pushes. */
export class KpiBoard {
  snapshot = $state.raw<KpiSnapshot | null>(null);
  status = $state<KpiStatus>('loading');
  message = $state<string | null>(null);

  /** On-time rate per hour, in time order. */
  onTime = $derived(
    (this.snapshot?.onTimeByHour ?? [])
      .map((h): OnTimePoint => ({
        hourStart: h.hourStart,
        delivered: h.delivered,
        rate: h.delivered > 0 ? h.onTime / h.delivered : null,
      }))
      .sort((a, b) => a.hourStart - b.hourStart),
  );

  /** The day's on-time rate so far, or null before the first delivery. */
  dayRate = $derived.by(() => {
    let delivered = 0;
    let onTime = 0;
    for (const h of this.snapshot?.onTimeByHour ?? []) {
      delivered += h.delivered;
      onTime += h.onTime;
    }
    return delivered > 0 ? onTime / delivered : null;
  });

  async load(fetchKpi: () => Promise<KpiSnapshot>): Promise<void> {
    try {
      this.apply(await fetchKpi());
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
      if (code === 'forbidden') {
        this.status = 'forbidden';
        this.message = 'Supervisors only.';
      } else {
        this.status = 'error';
        this.message = err instanceof Error ? err.message : String(err);
      }
    }
  }

  /** A fresh snapshot (REST answer or `kpi` push); an older one than held is ignored. */
  apply(snapshot: KpiSnapshot): void {
    if (this.snapshot && snapshot.at < this.snapshot.at) return;
    this.snapshot = snapshot;
    this.status = 'ready';
    this.message = null;
  }

  /**
   * An alert changed between snapshots: open breaches and escalations follow it at once instead
   * of waiting for the next `kpi` push.
   */
  applyAlert(alert: AlertView): void {
    if (!this.snapshot) return;
    const open = alert.resolvedAt === null;
    const keep = (list: AlertView[], belongs: boolean) => {
      const rest = list.filter((a) => a.id !== alert.id);
      return belongs ? [alert, ...rest] : rest;
    };
    this.snapshot = {
      ...this.snapshot,
      openBreaches: keep(this.snapshot.openBreaches, open && BREACH_KINDS.has(alert.kind)),
      escalations: keep(this.snapshot.escalations, open && alert.escalatedAt !== null),
    };
  }
}

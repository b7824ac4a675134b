import type { StopChange } from '@dispatch/shared';
import type { DomainBus } from '../events/bus';
import type { AlertLifecycle } from './alert-lifecycle';
import type { AlertService } from './alert-service';

/** What a failed attempt's alert says about its stop. */
export interface FailedStop {
  hubId: number | null;
  courierId: number | null;
  reason: string | null;
  attempts: number;
}

export interface FailedAttemptAlertsDeps {
  lifecycle: Pick<AlertLifecycle, 'apply'>;
  alerts: Pick<AlertService, 'list'>;
  /** The stop as stored after its failed attempt, or null when it is gone. */
  failedStop: (stopId: number) => Promise<FailedStop | null>;
  bus: DomainBus;
  log: { error: (o: object, msg: string) => void };
}

/**
 * A failed attempt opens an alert on its stop (with the courier's reason); the stop's next
 * outcome or move resolves it.
 */
export class FailedAttemptAlerts {
  /** Stops whose failed-attempt alert is open. */
  private readonly failedStops = new Set<number>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: FailedAttemptAlertsDeps) {}

  /** Loads the open failed-attempt alerts, then follows stop changes. */
  async start(): Promise<void> {
    const open = await this.deps.alerts.list({
      status: 'open',
      kind: ['failed_attempt'],
      limit: 100_000,
    });
    for (const alert of open) if (alert.stopId !== null) this.failedStops.add(alert.stopId);
    this.unsubscribe = this.deps.bus.on('stops:changed', (changes) => {
      for (const change of changes) void this.onStopChanged(change);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private async onStopChanged(change: StopChange): Promise<void> {
    const { lifecycle } = this.deps;
    const subject = { courierId: null, stopId: change.id, hubId: null };
    if (change.status !== 'failed') {
      if (this.failedStops.delete(change.id)) {
        await lifecycle.apply([
          { kind: 'failed_attempt', subject, active: false, severity: 'info', details: {} },
        ]);
      }
      return;
    }
    try {
      const stop = await this.deps.failedStop(change.id);
      if (!stop) return;
      this.failedStops.add(change.id);
      await lifecycle.apply([
        {
          kind: 'failed_attempt',
          subject: { courierId: stop.courierId, stopId: change.id, hubId: stop.hubId },
          active: true,
          severity: 'warning',
          details: { reason: stop.reason ?? 'no reason given', attempts: stop.attempts },
        },
      ]);
    } catch (err) {
      this.deps.log.error({ err, stopId: change.id }, 'raising a failed-attempt alert failed');
    }
  }
}

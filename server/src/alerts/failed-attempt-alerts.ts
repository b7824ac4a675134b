import type { AlertView, StopChange, StopStatus } from '@dispatch/shared';
import type { HubOwnership } from '../cluster/hub-ownership';
import { NO_HUB } from '../detect/detection-ports';
import type { DomainBus } from '../events/bus';
import type { AlertLifecycle } from './alert-lifecycle';
import type { AlertFilter, AlertService } from './alert-service';

/** What a failed attempt's alert says about its stop. */
export interface FailedStop {
  /** Its status now: the hub's re-attempt policy may already have moved it on. */
  status: StopStatus;
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
  /** Which hubs' failed attempts this node raises and resolves alerts for (all when not given). */
  ownership?: Pick<HubOwnership, 'owns' | 'subscribe'>;
}

/**
 * A failed attempt opens an alert on its stop (with the courier's reason); the stop's next
 * outcome or move resolves it. Only for the stops of hubs this node owns: a hub gained brings
 * its open failed-attempt alerts along, a hub lost takes them away.
 */
export class FailedAttemptAlerts {
  /** Stops whose failed-attempt alert is open, with the alert's hub. */
  private readonly failedStops = new Map<number, number | null>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: FailedAttemptAlertsDeps) {}

  /** Loads the open failed-attempt alerts of owned hubs, then follows stop changes and hubs. */
  async start(): Promise<void> {
    this.adopt(await this.openAlerts());
    this.unsubscribe.push(
      this.deps.bus.on('stops:changed', (changes) => {
        for (const change of changes) void this.onStopChanged(change);
      }),
    );
    const { ownership } = this.deps;
    if (!ownership) return;
    this.unsubscribe.push(
      ownership.subscribe({
        gained: (hubId) => void this.gain(hubId),
        lost: (hubId) => {
          for (const [stopId, of] of this.failedStops) {
            if (of === hubId) this.failedStops.delete(stopId);
          }
        },
      }),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private owns(hubId: number | null): boolean {
    return this.deps.ownership?.owns(hubId ?? NO_HUB) ?? true;
  }

  /** A gained hub's open failed-attempt alerts are this node's to resolve now. */
  private async gain(hubId: number): Promise<void> {
    try {
      this.adopt(await this.openAlerts({ hubIds: [hubId], courierIds: [] }));
    } catch (err) {
      this.deps.log.error({ err, hubId }, 'loading a gained hub’s failed-attempt alerts failed');
    }
  }

  private openAlerts(of?: AlertFilter['of']): Promise<AlertView[]> {
    return this.deps.alerts.list({ status: 'open', kind: ['failed_attempt'], limit: 100_000, of });
  }

  private adopt(open: readonly AlertView[]): void {
    for (const alert of open) {
      if (alert.stopId !== null && this.owns(alert.hubId)) {
        this.failedStops.set(alert.stopId, alert.hubId);
      }
    }
  }

  private async onStopChanged(change: StopChange): Promise<void> {
    const { lifecycle } = this.deps;
    if (change.status !== 'failed') {
      const hubId = this.failedStops.get(change.id);
      if (hubId !== undefined) {
        this.failedStops.delete(change.id);
        const subject = { courierId: null, stopId: change.id, hubId };
        await lifecycle.apply([
          { kind: 'failed_attempt', subject, active: false, severity: 'info', details: {} },
        ]);
      }
      return;
    }
    try {
      const stop = await this.deps.failedStop(change.id);
      // Already re-planned or on its way back: nothing is left for a dispatcher to decide.
      if (!stop || stop.status !== 'failed' || !this.owns(stop.hubId)) return;
      this.failedStops.set(change.id, stop.hubId);
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

import { DomainError, type AlertKind, type AlertSeverity, type AlertView } from '@dispatch/shared';
import { DETECTED_KINDS, type AlertSignal, type AlertSubject } from '../detect/types';
import type { AlertService } from './alert-service';

/** Alert kinds raised and resolved automatically (by the detectors, or by the stop's next outcome). */
export const AUTOMATIC_KINDS: ReadonlySet<AlertKind> = new Set([
  ...DETECTED_KINDS,
  'failed_attempt',
]);

/**
 * What identifies an alert's subject: a stop's alert stays the same alert when the stop moves to
 * another courier, and a courier's when it changes hub (as `AlertService.raise` matches them).
 */
export function subjectKey(kind: AlertKind, subject: AlertSubject): string {
  if (subject.stopId != null) return `${kind}/stop/${subject.stopId}`;
  if (subject.courierId != null) return `${kind}/courier/${subject.courierId}`;
  return `${kind}/hub/${subject.hubId ?? 0}`;
}

const SYSTEM = { type: 'system' } as const;

/**
 * Turns detector signals into stored alerts, one at a time in arrival order: an active signal
 * opens the alert or updates the open one (one per kind and subject), an inactive one resolves
 * it. Detail-only updates of an open alert are written at most once per refresh interval.
 */
export class AlertLifecycle {
  private readonly open = new Map<string, OpenAlert>();
  /** Detail-only updates held back until the alert's refresh interval has passed. */
  private readonly held = new Map<string, AlertSignal>();
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param refreshMs an open alert whose severity stays the same is rewritten at most this often
   *   (a stall's `to` advancing with every fix would otherwise be a write per courier per tick)
   */
  constructor(
    private readonly alerts: AlertService,
    private readonly onError: (err: unknown, signal: AlertSignal) => void,
    private readonly refreshMs = 0,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts from the open alerts in the database. */
  async load(): Promise<void> {
    for (const alert of await this.alerts.list({ status: 'open', limit: 1_000_000 })) {
      if (AUTOMATIC_KINDS.has(alert.kind)) {
        this.open.set(keyOfView(alert), {
          id: alert.id,
          severity: alert.severity,
          writtenAt: this.clock(),
        });
      }
    }
  }

  get openCount(): number {
    return this.open.size;
  }

  /**
   * Queues signals; they are applied in order, after everything queued before. Held-back
   * updates whose interval has passed go along.
   */
  apply(signals: readonly AlertSignal[]): Promise<void> {
    const now = this.clock();
    const due: AlertSignal[] = [];
    for (const signal of signals) {
      const key = subjectKey(signal.kind, signal.subject);
      const open = this.open.get(key);
      if (signal.active && open && open.severity === signal.severity) {
        if (now - open.writtenAt < this.refreshMs) {
          this.held.set(key, signal);
          continue;
        }
      }
      this.held.delete(key);
      due.push(signal);
    }
    for (const [key, signal] of this.held) {
      const open = this.open.get(key);
      if (!open || now - open.writtenAt >= this.refreshMs) {
        this.held.delete(key);
        due.push(signal);
      }
    }
    if (due.length === 0) return this.chain;
    this.chain = this.chain.then(async () => {
      for (const signal of due) {
        try {
          await this.applyOne(signal);
        } catch (err) {
          this.onError(err, signal);
        }
      }
    });
    return this.chain;
  }

  /** Waits for everything queued so far. */
  settled(): Promise<void> {
    return this.chain;
  }

  private async applyOne(signal: AlertSignal): Promise<void> {
    const key = subjectKey(signal.kind, signal.subject);
    if (signal.active) {
      const view = await this.alerts.raise(
        signal.kind,
        signal.subject,
        signal.severity,
        signal.details,
        SYSTEM,
      );
      this.open.set(key, { id: view.id, severity: view.severity, writtenAt: this.clock() });
      return;
    }
    const open = this.open.get(key);
    if (open === undefined) return;
    this.open.delete(key);
    await this.resolveQuietly(open.id, 'the condition went away', signal.details);
  }

  /** Resolves an alert; one already resolved (by hand, meanwhile) needs nothing more. */
  private async resolveQuietly(
    id: number,
    reason: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.alerts.resolve(id, SYSTEM, reason, details);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
    }
  }
}

interface OpenAlert {
  id: number;
  severity: AlertSeverity;
  writtenAt: number;
}

function keyOfView(alert: AlertView): string {
  return subjectKey(alert.kind, alert);
}

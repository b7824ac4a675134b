import { DomainError, type AlertKind, type AlertSeverity, type AlertView } from '@dispatch/shared';
import { FencedError, NO_FENCE, type Fence } from '../cluster/fence';
import { soleOwner, type HubOwnership } from '../cluster/hub-ownership';
import { NO_HUB } from '../detect/detection-ports';
import { DETECTED_KINDS, type AlertSignal, type AlertSubject } from '../detect/types';
import type { AlertWriteFence } from './alert-fence';
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

/** Which hubs' alerts this node writes, and how each write is fenced by its hub's lease. */
export interface AlertOwnership {
  ownership: HubOwnership;
  fence: Fence;
  log: { info: (o: object, msg: string) => void; error: (o: object, msg: string) => void };
}

/** A node alone: every hub's alerts, nothing fenced. */
const ALONE: AlertOwnership = {
  ownership: soleOwner('alerts'),
  fence: NO_FENCE,
  log: { info: () => undefined, error: () => undefined },
};

/**
 * Turns detector signals into stored alerts, one at a time in arrival order: an active signal
 * opens the alert or updates the open one (one per kind and subject), an inactive one resolves
 * it. Detail-only updates of an open alert are written at most once per refresh interval.
 *
 * It writes only the alerts of hubs this node owns (a signal's hub, else its open alert's),
 * each write fenced by that hub's lease; a hub gained brings its open alerts along (the same
 * rows carry on), a hub lost takes them away.
 */
export class AlertLifecycle {
  private readonly open = new Map<string, OpenAlert>();
  /** Detail-only updates held back until the alert's refresh interval has passed. */
  private readonly held = new Map<string, AlertSignal>();
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param refreshMs an open alert whose severity stays the same is rewritten at most this often
   *   (a stall's `to` advancing with every fix would otherwise be a write per courier per tick)
   * @param hubs which hubs' alerts this node writes (every hub's, unfenced, when not given)
   */
  constructor(
    private readonly alerts: AlertService,
    private readonly onError: (err: unknown, signal: AlertSignal) => void,
    private readonly refreshMs = 0,
    private readonly clock: () => number = Date.now,
    private readonly hubs: AlertOwnership = ALONE,
  ) {}

  /**
   * Starts from the open alerts in the database of the hubs this node owns, and follows hub
   * ownership from then on.
   */
  async load(): Promise<void> {
    this.adopt(await this.alerts.list({ status: 'open', limit: 1_000_000 }));
    this.hubs.ownership.subscribe({
      gained: (hubId) => void this.gain(hubId),
      lost: (hubId) => this.lose(hubId),
    });
  }

  /** Takes over a gained hub's open alerts, in order with the writes queued before. */
  private gain(hubId: number): Promise<void> {
    this.chain = this.chain.then(async () => {
      try {
        const of = { hubIds: [hubId], courierIds: [] };
        this.adopt(await this.alerts.list({ status: 'open', of, limit: 1_000_000 }));
      } catch (err) {
        this.hubs.log.error({ err, hubId }, 'loading a gained hub’s open alerts failed');
      }
    });
    return this.chain;
  }

  /** Another node writes the hub's alerts now: forget them and the updates held back. */
  private lose(hubId: number): void {
    for (const [key, open] of this.open) {
      if (open.hubId !== hubId) continue;
      this.open.delete(key);
      this.held.delete(key);
    }
    for (const [key, signal] of this.held) {
      if (signal.subject.hubId === hubId) this.held.delete(key);
    }
  }

  /** Records the open automatic alerts of owned hubs as this node's to keep in step. */
  private adopt(views: readonly AlertView[]): void {
    for (const alert of views) {
      if (!AUTOMATIC_KINDS.has(alert.kind) || !this.owns(alert.hubId)) continue;
      this.open.set(keyOfView(alert), {
        id: alert.id,
        severity: alert.severity,
        hubId: alert.hubId,
        writtenAt: this.clock(),
      });
    }
  }

  private owns(hubId: number | null): boolean {
    return this.hubs.ownership.owns(hubId ?? NO_HUB);
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
          if (!(err instanceof FencedError)) this.onError(err, signal);
          else this.hubs.log.info({ hubId: err.hubId, kind: signal.kind }, 'alert write fenced');
        }
      }
    });
    return this.chain;
  }

  /** Waits for everything queued so far. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Writes one signal, if its hub is this node's (the subject's hub, else the open alert's). */
  private async applyOne(signal: AlertSignal): Promise<void> {
    const key = subjectKey(signal.kind, signal.subject);
    const known = this.open.get(key);
    const hubId = signal.subject.hubId ?? known?.hubId ?? null;
    if (!this.owns(hubId)) return;
    const { fence } = this.hubs;
    if (signal.active) {
      const view = await this.alerts.raise(
        signal.kind,
        signal.subject,
        signal.severity,
        signal.details,
        SYSTEM,
        fence,
      );
      this.open.set(key, {
        id: view.id,
        severity: view.severity,
        hubId: view.hubId ?? null,
        writtenAt: this.clock(),
      });
      return;
    }
    // An alert opened under another hub (its courier moved here) is looked up by its subject.
    const open = known ?? (await this.openOnOtherHub(signal));
    if (open === undefined) return;
    this.open.delete(key);
    const fenced = { fence, hubId: signal.subject.hubId ?? open.hubId };
    await this.resolveQuietly(open.id, 'the condition went away', signal.details, fenced);
  }

  /** The open alert of a signal's subject that this node did not load, if any. */
  private async openOnOtherHub(signal: AlertSignal): Promise<OpenAlert | undefined> {
    const view = await this.alerts.openAlertOf(signal.kind, signal.subject);
    if (!view) return undefined;
    return { id: view.id, severity: view.severity, hubId: view.hubId, writtenAt: this.clock() };
  }

  /** Resolves an alert; one already resolved (by hand, meanwhile) needs nothing more. */
  private async resolveQuietly(
    id: number,
    reason: string,
    details: Record<string, unknown> | undefined,
    fenced: AlertWriteFence,
  ): Promise<void> {
    try {
      await this.alerts.resolve(id, SYSTEM, reason, details, fenced);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
    }
  }
}

interface OpenAlert {
  id: number;
  severity: AlertSeverity;
  /** The hub it was stored under. */
  hubId: number | null;
  writtenAt: number;
}

function keyOfView(alert: AlertView): string {
  return subjectKey(alert.kind, alert);
}

import type { AlertView } from '@dispatch/shared';
import type { AlertService } from './alert-service';

/** How often overdue alerts are looked for, at most. */
const ESCALATION_CHECK_MS = 5_000;

/** Escalates alerts nobody acknowledged within `afterMs` of opening, checking every few seconds. */
export class AlertEscalation {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly alerts: Pick<AlertService, 'escalateOverdue'>,
    private readonly afterMs: number,
    private readonly log: { error: (o: object, msg: string) => void },
  ) {}

  start(): void {
    this.timer = setInterval(
      () => void this.escalate(),
      Math.min(ESCALATION_CHECK_MS, this.afterMs),
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Escalates the alerts overdue at `now`; returns them (none when the database failed). */
  async escalate(now = Date.now()): Promise<AlertView[]> {
    try {
      return await this.alerts.escalateOverdue(now, this.afterMs);
    } catch (err) {
      this.log.error({ err }, 'escalating alerts failed');
      return [];
    }
  }
}

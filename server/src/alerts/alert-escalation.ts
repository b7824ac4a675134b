import type { AlertView } from '@dispatch/shared';
import { FencedError } from '../cluster/fence';
import { NO_HUB } from '../detect/detection-ports';
import type { AlertOwnership } from './alert-lifecycle';
import type { AlertService } from './alert-service';

/** How often overdue alerts are looked for, at most. */
const ESCALATION_CHECK_MS = 5_000;

/**
 * Escalates alerts nobody acknowledged within `afterMs` of opening, checking every few seconds.
 * Given the hubs this node owns, it escalates only theirs, hub by hub, each write fenced by the
 * hub's lease; otherwise every hub's at once.
 */
export class AlertEscalation {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly alerts: Pick<AlertService, 'escalateOverdue' | 'overdueHubs'>,
    private readonly afterMs: number,
    private readonly log: {
      info?: (o: object, msg: string) => void;
      error: (o: object, msg: string) => void;
    },
    private readonly hubs?: Pick<AlertOwnership, 'ownership' | 'fence'>,
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
      if (!this.hubs) return await this.alerts.escalateOverdue(now, this.afterMs);
      const { ownership } = this.hubs;
      const escalated: AlertView[] = [];
      for (const hubId of await this.alerts.overdueHubs(now, this.afterMs)) {
        if (!ownership.owns(hubId ?? NO_HUB)) continue;
        escalated.push(...(await this.escalateHub(now, hubId)));
      }
      return escalated;
    } catch (err) {
      this.log.error({ err }, 'escalating alerts failed');
      return [];
    }
  }

  /** One hub's overdue alerts; none when the hub moved to another node meanwhile. */
  private async escalateHub(now: number, hubId: number | null): Promise<AlertView[]> {
    try {
      return await this.alerts.escalateOverdue(now, this.afterMs, {
        fence: this.hubs!.fence,
        hubId,
      });
    } catch (err) {
      if (!(err instanceof FencedError)) throw err;
      this.log.info?.({ hubId }, 'escalation fenced: the hub moved to another node');
      return [];
    }
  }
}

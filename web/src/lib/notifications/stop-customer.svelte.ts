import type { NotificationDeliveryView, Stop } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';
import type { StopCustomerApi } from './notifications-api';

/**
 * One stop's customer side as its drawer shows it: the stop (contact, instructions), its
 * tracking link and the messages sent about it, each loaded on its own so one failing leaves
 * the others shown; sending a message again (admins).
 */
export class StopCustomerCard {
  stop = $state.raw<Stop | null>(null);
  link = $state<string | null>(null);
  deliveries = $state.raw<NotificationDeliveryView[]>([]);
  loading = $state(false);
  /** Why the stop, its link or its messages could not be loaded. */
  stopFailure = $state.raw<Wording | null>(null);
  linkFailure = $state.raw<Wording | null>(null);
  logFailure = $state.raw<Wording | null>(null);
  /** The delivery being queued again. */
  resending = $state<number | null>(null);
  /** What sending again did, or why it was refused. */
  notice = $state.raw<Wording | null>(null);
  noticeFailed = $state(false);

  constructor(
    private readonly api: StopCustomerApi,
    readonly stopId: number,
  ) {}

  async load(): Promise<void> {
    this.loading = true;
    await Promise.all([
      this.api.stop(this.stopId).then(
        (stop) => ((this.stop = stop), (this.stopFailure = null)),
        (err: unknown) => (this.stopFailure = failureWording(err)),
      ),
      this.api.trackingLink(this.stopId).then(
        (link) => ((this.link = link), (this.linkFailure = null)),
        (err: unknown) => (this.linkFailure = failureWording(err)),
      ),
      this.refresh(),
    ]);
    this.loading = false;
  }

  /** Reads the stop's messages again (the sender moves them on in the background). */
  async refresh(): Promise<void> {
    try {
      this.deliveries = await this.api.deliveries({ stopId: this.stopId, limit: 100 });
      this.logFailure = null;
    } catch (err) {
      this.logFailure = failureWording(err);
    }
  }

  /** Queues a sent or dead delivery again and shows it as the server now has it. */
  async resend(deliveryId: number): Promise<void> {
    this.resending = deliveryId;
    this.notice = null;
    try {
      const again = await this.api.resend(deliveryId);
      this.deliveries = this.deliveries.map((d) => (d.id === again.id ? again : d));
      this.notice = (t) => t('notifications.resent');
      this.noticeFailed = false;
    } catch (err) {
      this.notice = failureWording(err);
      this.noticeFailed = true;
    } finally {
      this.resending = null;
    }
  }
}

import type { DeliveryStatus, NotificationDeliveryView } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';
import type { StopCustomerApi } from './notifications-api';

/** How many of the latest deliveries the log shows. */
export const LOG_LIMIT = 200;

/** The integrations page's delivery log (admins): the latest deliveries, by status, sent again. */
export class DeliveryLogBoard {
  deliveries = $state.raw<NotificationDeliveryView[]>([]);
  status = $state<DeliveryStatus | 'all'>('all');
  loading = $state(false);
  loaded = $state(false);
  resending = $state<number | null>(null);
  /** What the last action did or why it failed, in words. */
  message = $state.raw<Wording | null>(null);
  failed = $state(false);

  constructor(private readonly api: Pick<StopCustomerApi, 'deliveries' | 'resend'>) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.deliveries = await this.api.deliveries({
        limit: LOG_LIMIT,
        ...(this.status === 'all' ? {} : { status: this.status }),
      });
      this.loaded = true;
      if (this.failed) this.message = null;
      this.failed = false;
    } catch (err) {
      this.message = failureWording(err);
      this.failed = true;
    } finally {
      this.loading = false;
    }
  }

  async filter(status: DeliveryStatus | 'all'): Promise<void> {
    this.status = status;
    await this.load();
  }

  async resend(deliveryId: number): Promise<void> {
    this.resending = deliveryId;
    try {
      const again = await this.api.resend(deliveryId);
      // Sent again it is pending: it leaves a list filtered on another status.
      this.deliveries =
        this.status === 'all' || this.status === again.status
          ? this.deliveries.map((d) => (d.id === again.id ? again : d))
          : this.deliveries.filter((d) => d.id !== again.id);
      this.message = (t) => t('notifications.resent');
      this.failed = false;
    } catch (err) {
      this.message = failureWording(err);
      this.failed = true;
    } finally {
      this.resending = null;
    }
  }
}

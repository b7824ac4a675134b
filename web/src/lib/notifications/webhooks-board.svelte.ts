import type {
  NotificationEventType,
  Shop,
  WebhookCreate,
  WebhookCreated,
  WebhookView,
} from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';
import type { WebhooksApi } from './notifications-api';

/** Longest URL the server takes. */
export const URL_MAX = 2000;

/** A webhook as the form holds it. */
export interface WebhookForm {
  hubId: number | null;
  /** Only this shop's orders; null for every stop of the hub. */
  shopId: number | null;
  url: string;
  eventTypes: readonly NotificationEventType[];
}

/** The form as the server takes it, or what is wrong with it in words. */
export function checkedWebhook(form: WebhookForm): { body: WebhookCreate } | { error: Wording } {
  const url = form.url.trim();
  if (!/^https?:\/\/\S+$/.test(url) || url.length < 8 || url.length > URL_MAX)
    return { error: (t) => t('notifications.webhooks.urlInvalid') };
  if (form.hubId === null) return { error: (t) => t('notifications.webhooks.hubMissing') };
  return {
    body: {
      hubId: form.hubId,
      ...(form.shopId === null ? {} : { shopId: form.shopId }),
      url,
      eventTypes: [...form.eventTypes],
    },
  };
}

/** The shops whose orders go to a hub. */
export const shopsOfHub = (shops: readonly Shop[], hubId: number | null) =>
  shops.filter((s) => s.hubId === hubId);

/**
 * The integrations page's webhooks: the list (disabled ones too), one made just now with its
 * signing secret (shown once, until dismissed), and disabling.
 */
export class WebhooksBoard {
  webhooks = $state.raw<WebhookView[]>([]);
  shops = $state.raw<Shop[]>([]);
  /** The webhook made just now: the only time its secret is shown. */
  fresh = $state.raw<WebhookCreated | null>(null);
  loaded = $state(false);
  busy = $state(false);
  /** What the last action did or why it failed, in words. */
  message = $state.raw<Wording | null>(null);
  failed = $state(false);

  constructor(private readonly api: WebhooksApi) {}

  async load(): Promise<void> {
    await this.run(async () => {
      const [webhooks, shops] = await Promise.all([this.api.list(), this.api.shops()]);
      this.webhooks = webhooks;
      this.shops = shops;
      this.loaded = true;
    });
  }

  async create(form: WebhookForm): Promise<boolean> {
    const checked = checkedWebhook(form);
    if ('error' in checked) return this.refuse(checked.error);
    return this.run(async () => {
      const created = await this.api.create(checked.body);
      this.fresh = created;
      this.webhooks = [created.webhook, ...this.webhooks];
      this.message = (t) => t('notifications.webhooks.created');
    });
  }

  async disable(webhookId: number): Promise<boolean> {
    return this.run(async () => {
      const disabled = await this.api.disable(webhookId);
      this.webhooks = this.webhooks.map((w) => (w.id === disabled.id ? disabled : w));
      this.message = (t) => t('notifications.webhooks.disabled');
    });
  }

  /** Hides the secret for good once the admin has copied it. */
  dismissSecret(): void {
    this.fresh = null;
  }

  private refuse(message: Wording): false {
    this.message = message;
    this.failed = true;
    return false;
  }

  private async run(action: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.message = null;
    this.failed = false;
    try {
      await action();
      return true;
    } catch (err) {
      return this.refuse(failureWording(err));
    } finally {
      this.busy = false;
    }
  }
}

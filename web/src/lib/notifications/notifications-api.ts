import type {
  NotificationDeliveryView,
  NotificationLog,
  NotificationLogQuery,
  Shop,
  ShopList,
  Stop,
  TrackingLink,
  WebhookCreate,
  WebhookCreated,
  WebhookList,
  WebhookView,
} from '@dispatch/shared';
import { request } from '../api';

/** What a stop's drawer reads and does: the stop, its link, its deliveries, sending again. */
export interface StopCustomerApi {
  stop(stopId: number): Promise<Stop>;
  trackingLink(stopId: number): Promise<string>;
  deliveries(query: NotificationLogQuery): Promise<NotificationDeliveryView[]>;
  resend(deliveryId: number): Promise<NotificationDeliveryView>;
}

/** The webhook routes the integrations page uses (admins), and the shops to choose from. */
export interface WebhooksApi {
  list(): Promise<WebhookView[]>;
  shops(): Promise<Shop[]>;
  create(body: WebhookCreate): Promise<WebhookCreated>;
  disable(webhookId: number): Promise<WebhookView>;
}

/** `?stopId=…&status=…` of the query's set fields. */
export function logQueryString(query: NotificationLogQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const stopCustomerApi: StopCustomerApi = {
  stop: (stopId) => request<Stop>('GET', `/api/v1/stops/${stopId}`),
  trackingLink: async (stopId) =>
    (await request<TrackingLink>('GET', `/api/v1/stops/${stopId}/tracking-link`)).url,
  deliveries: async (query) =>
    (await request<NotificationLog>('GET', `/api/v1/notifications${logQueryString(query)}`))
      .deliveries,
  resend: (deliveryId) =>
    request<NotificationDeliveryView>('POST', `/api/v1/notifications/${deliveryId}/resend`, {}),
};

export const webhooksApi: WebhooksApi = {
  list: async () => (await request<WebhookList>('GET', '/api/v1/webhooks')).webhooks,
  shops: async () => (await request<ShopList>('GET', '/api/v1/shops')).shops,
  create: (body) => request<WebhookCreated>('POST', '/api/v1/webhooks', body),
  disable: (webhookId) => request<WebhookView>('DELETE', `/api/v1/webhooks/${webhookId}`),
};

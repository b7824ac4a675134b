import { describe, expect, it } from 'vitest';
import type { NotificationDeliveryView, Stop } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { translator } from '../i18n/translate';
import type { StopCustomerApi } from './notifications-api';
import { StopCustomerCard } from './stop-customer.svelte';

const t = translator('en', en, en);
const LINK = 'http://localhost/t/q7Wm2xY9pLk3vTn8RbC4hJd6sFg1aZe5uXo0iPy_N-Q';

const stop = { id: 7, hubId: 1, orderRef: 'C-7', customerName: 'Maria' } as Stop;
const delivery = (
  id: number,
  over: Partial<NotificationDeliveryView> = {},
): NotificationDeliveryView => ({
  id,
  eventId: id,
  stopId: 7,
  type: 'stop.created',
  channel: 'email',
  webhookId: null,
  recipient: 'maria@example.com',
  status: 'logged',
  attempts: 0,
  lastStatusCode: null,
  lastError: null,
  nextAttemptAt: null,
  sentAt: null,
  createdAt: 1,
  ...over,
});

function fakeApi(over: Partial<StopCustomerApi> = {}) {
  const asked: string[] = [];
  const api: StopCustomerApi = {
    stop: async (id) => (asked.push(`stop ${id}`), stop),
    trackingLink: async (id) => (asked.push(`link ${id}`), LINK),
    deliveries: async (q) => (
      asked.push(`deliveries ${q.stopId}`),
      [delivery(1), delivery(2, { status: 'dead', attempts: 9 })]
    ),
    resend: async (id) => (
      asked.push(`resend ${id}`),
      delivery(id, { status: 'pending', attempts: 0 })
    ),
    ...over,
  };
  return { api, asked };
}

describe('a stop’s customer card', () => {
  it('loads the stop, its tracking link and its messages', async () => {
    const { api, asked } = fakeApi();
    const card = new StopCustomerCard(api, 7);
    await card.load();
    expect(asked.sort()).toEqual(['deliveries 7', 'link 7', 'stop 7']);
    expect(card.stop?.customerName).toBe('Maria');
    expect(card.link).toBe(LINK);
    expect(card.deliveries.map((d) => d.id)).toEqual([1, 2]);
    expect(card.loading).toBe(false);
  });

  it('shows what loaded when one part is refused', async () => {
    const { api } = fakeApi({
      trackingLink: async () => {
        throw new ApiError('forbidden', 'dispatchers act only for their own hub', 403);
      },
    });
    const card = new StopCustomerCard(api, 7);
    await card.load();
    expect(card.stop).not.toBeNull();
    expect(card.deliveries).toHaveLength(2);
    expect(card.link).toBeNull();
    expect(card.linkFailure?.(t)).toBe('dispatchers act only for their own hub');
  });

  it('shows a message sent again as the server now has it', async () => {
    const { api, asked } = fakeApi();
    const card = new StopCustomerCard(api, 7);
    await card.load();
    await card.resend(2);
    expect(asked).toContain('resend 2');
    expect(card.deliveries.find((d) => d.id === 2)?.status).toBe('pending');
    expect(card.notice?.(t)).toBe('Queued to send again.');
    expect(card.noticeFailed).toBe(false);
    expect(card.resending).toBeNull();
  });

  it('says why sending again was refused, leaving the list as it was', async () => {
    const { api } = fakeApi({
      resend: async () => {
        throw new ApiError('conflict', 'only a sent or dead delivery is sent again', 409);
      },
    });
    const card = new StopCustomerCard(api, 7);
    await card.load();
    await card.resend(1);
    expect(card.noticeFailed).toBe(true);
    expect(card.notice?.(t)).toBe('only a sent or dead delivery is sent again');
    expect(card.deliveries.find((d) => d.id === 1)?.status).toBe('logged');
  });
});

import { describe, expect, it } from 'vitest';
import type { NotificationDeliveryView, NotificationLogQuery } from '@dispatch/shared';
import { DeliveryLogBoard, LOG_LIMIT } from './delivery-log.svelte';

const delivery = (
  id: number,
  status: NotificationDeliveryView['status'],
): NotificationDeliveryView => ({
  id,
  eventId: id,
  stopId: 3,
  type: 'stop.delivered',
  channel: 'webhook',
  webhookId: 1,
  recipient: 'https://shop.example/hooks',
  status,
  attempts: 1,
  lastStatusCode: 500,
  lastError: null,
  nextAttemptAt: null,
  sentAt: null,
  createdAt: 1,
});

function fakeApi() {
  const queries: NotificationLogQuery[] = [];
  const all = [delivery(1, 'sent'), delivery(2, 'dead'), delivery(3, 'logged')];
  return {
    queries,
    api: {
      deliveries: async (q: NotificationLogQuery) => (
        queries.push(q),
        all.filter((d) => !q.status || d.status === q.status)
      ),
      resend: async (id: number) => ({ ...delivery(id, 'pending'), attempts: 0 }),
    },
  };
}

describe('the delivery log', () => {
  it('lists the latest deliveries, then those of one status', async () => {
    const { api, queries } = fakeApi();
    const board = new DeliveryLogBoard(api);
    await board.load();
    expect(board.deliveries.map((d) => d.id)).toEqual([1, 2, 3]);
    await board.filter('dead');
    expect(queries).toEqual([{ limit: LOG_LIMIT }, { limit: LOG_LIMIT, status: 'dead' }]);
    expect(board.deliveries.map((d) => d.id)).toEqual([2]);
  });

  it('takes a delivery sent again out of a list of another status', async () => {
    const { api } = fakeApi();
    const board = new DeliveryLogBoard(api);
    await board.filter('dead');
    await board.resend(2);
    expect(board.deliveries).toEqual([]);
    await board.filter('all');
    await board.resend(1);
    expect(board.deliveries.find((d) => d.id === 1)?.status).toBe('pending');
  });
});

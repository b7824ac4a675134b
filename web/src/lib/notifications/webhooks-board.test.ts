import { describe, expect, it } from 'vitest';
import type { Shop, WebhookCreate, WebhookView } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { translator } from '../i18n/translate';
import type { WebhooksApi } from './notifications-api';
import { WebhooksBoard, checkedWebhook, shopsOfHub } from './webhooks-board.svelte';

const t = translator('en', en, en);
const shops: Shop[] = [
  { id: 1, hubId: 1, name: 'Loja Centro', createdAt: 1 },
  { id: 2, hubId: 2, name: 'Loja Norte', createdAt: 1 },
];
const view = (id: number, body: WebhookCreate): WebhookView => ({
  id,
  hubId: body.hubId,
  shopId: body.shopId ?? null,
  url: body.url,
  eventTypes: body.eventTypes ?? [],
  createdAt: 1,
  disabledAt: null,
});

function fakeApi() {
  const sent: WebhookCreate[] = [];
  const webhooks: WebhookView[] = [];
  const api: WebhooksApi = {
    list: async () => [...webhooks],
    shops: async () => shops,
    create: async (body) => {
      sent.push(body);
      const made = view(10 + sent.length, body);
      webhooks.push(made);
      return { secret: 'whsec_secret', webhook: made };
    },
    disable: async (id) => {
      const found = webhooks.find((w) => w.id === id);
      if (!found) throw new ApiError('not_found', `webhook ${id} does not exist`, 404);
      return { ...found, disabledAt: 5 };
    },
  };
  return { api, sent };
}

const form = { hubId: 1, shopId: null, url: ' https://shop.example/hooks ', eventTypes: [] };

describe('the webhooks section', () => {
  it('checks the URL and the hub before asking the server', () => {
    expect(checkedWebhook(form)).toEqual({
      body: { hubId: 1, url: 'https://shop.example/hooks', eventTypes: [] },
    });
    const bad = checkedWebhook({ ...form, url: 'ftp://x' });
    expect('error' in bad && bad.error(t)).toBe('Type a URL starting with http:// or https://.');
    const noHub = checkedWebhook({ ...form, hubId: null });
    expect('error' in noHub && noHub.error(t)).toBe('Choose a hub.');
  });

  it('offers only the shops of the chosen hub', () => {
    expect(shopsOfHub(shops, 2).map((s) => s.name)).toEqual(['Loja Norte']);
  });

  it('creates a webhook for a shop with chosen events and shows its secret once', async () => {
    const { api, sent } = fakeApi();
    const board = new WebhooksBoard(api);
    await board.load();
    expect(
      await board.create({ ...form, shopId: 1, eventTypes: ['stop.delivered', 'stop.failed'] }),
    ).toBe(true);
    expect(sent).toEqual([
      {
        hubId: 1,
        shopId: 1,
        url: 'https://shop.example/hooks',
        eventTypes: ['stop.delivered', 'stop.failed'],
      },
    ]);
    expect(board.fresh?.secret).toBe('whsec_secret');
    expect(board.webhooks).toHaveLength(1);
    board.dismissSecret();
    expect(board.fresh).toBeNull();
  });

  it('sends nothing for a form it refuses', async () => {
    const { api, sent } = fakeApi();
    const board = new WebhooksBoard(api);
    expect(await board.create({ ...form, url: '' })).toBe(false);
    expect(sent).toHaveLength(0);
    expect(board.failed).toBe(true);
  });

  it('shows a disabled webhook as the server has it', async () => {
    const { api } = fakeApi();
    const board = new WebhooksBoard(api);
    await board.create(form);
    const id = board.webhooks[0]!.id;
    expect(await board.disable(id)).toBe(true);
    expect(board.webhooks[0]!.disabledAt).toBe(5);
    expect(board.message?.(t)).toBe('Webhook disabled.');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyCreated, NotificationLog, OrderCreated, Shop } from '@dispatch/shared';
import { loadConfig } from '../../server/src/config';
import type { CustomerChannel } from '../../server/src/notifications/channel';
import { createCustomerChannels } from '../../server/src/notifications/customer-channels';
import { sampleMessage } from '../factories/customer-messages';
import { orderInput } from '../factories/shop-orders';
import { MailCatcher } from '../helpers/mail-catcher';
import { TestServer, eventually } from '../helpers/test-server';

const TOKEN = 'q7Wm2xY9pLk3vTn8RbC4hJd6sFg1aZe5uXo0iPy_N-Q';
const LINK = `http://localhost/t/${TOKEN}`;
const FROM = 'Entregas Centro <entregas@example.com>';
const silent = { info: () => {} };

describe('customers’ emails over SMTP', () => {
  let catcher: MailCatcher;
  const opened: CustomerChannel[] = [];

  /** The email channel of a server whose SMTP_URL is `url`. */
  const emailChannel = (url?: string) => {
    const config = loadConfig({}, { SMTP_FROM: FROM, ...(url ? { SMTP_URL: url } : {}) });
    const channels = createCustomerChannels(config, silent);
    opened.push(...channels);
    return channels.find((c) => c.channel === 'email')!;
  };
  const message = (over: Parameters<typeof sampleMessage>[1] = {}) =>
    sampleMessage('stop.out_for_delivery', {
      ...over,
      message: { trackingUrl: LINK, ...over.message },
    });

  beforeAll(async () => {
    catcher = await MailCatcher.start();
  });
  afterEach(async () => {
    for (const channel of opened.splice(0)) await channel.close?.();
    catcher.answer = () => 'accept';
  });
  afterAll(() => catcher?.stop());

  it('sends the email, with its subject, the ETA window and the tracking link', async () => {
    const channel = emailChannel(catcher.url);
    expect(channel.configured).toBe(true);
    expect(await channel.send('maria@example.com', message())).toEqual({ ok: true, retry: false });

    const mail = await catcher.waitFor('maria@example.com');
    expect(mail.from).toBe('entregas@example.com');
    expect(mail.subject).toBe('Your order A-1042 is out for delivery');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text).toContain('should arrive today between 14:20 and 14:40');
    expect(mail.text).toContain(`Track your order: ${LINK}`);
    expect(mail.html).toContain(`href="${LINK}"`);
    expect(new URL(LINK).pathname).toBe(`/t/${TOKEN}`);
  });

  it('writes in the customer’s language', async () => {
    const channel = emailChannel(catcher.url);
    const sent = await channel.send('joao@example.com', message({ language: 'pt-BR' }));
    expect(sent.ok).toBe(true);

    const mail = await catcher.waitFor('joao@example.com');
    expect(mail.subject).toBe('Seu pedido A-1042 saiu para entrega');
    expect(mail.text).toContain('Olá, Maria!');
    expect(mail.text).toContain('deve chegar hoje, entre 14:20 e 14:40');
    expect(mail.text).toContain(LINK);
  });

  it('gives up at once when the server refuses the address for good (5xx)', async () => {
    catcher.answer = () => ({ code: 550, message: 'no such mailbox' });
    const outcome = await emailChannel(catcher.url).send('gone@example.com', message());
    expect(outcome).toMatchObject({ ok: false, retry: false, statusCode: 550 });
  });

  it('tries again later when the server refuses for now (4xx)', async () => {
    catcher.answer = () => ({ code: 451, message: 'mailbox busy, try later' });
    const outcome = await emailChannel(catcher.url).send('busy@example.com', message());
    expect(outcome).toMatchObject({ ok: false, retry: true, statusCode: 451 });
  });

  it('tries again later when the mail server cannot be reached', async () => {
    const down = await MailCatcher.start();
    const url = down.url;
    await down.stop();
    const outcome = await emailChannel(url).send('maria@example.com', message());
    expect(outcome).toMatchObject({ ok: false, retry: true });
    expect(outcome.error).toBeTruthy();
  });

  it('is not configured without SMTP_URL, and takes the customer’s address as given', () => {
    const channel = emailChannel();
    expect(channel.configured).toBe(false);
    expect(channel.recipientOf({ customerEmail: ' maria@example.com ', customerPhone: null })).toBe(
      'maria@example.com',
    );
    expect(
      channel.recipientOf({ customerEmail: null, customerPhone: '+5567999990000' }),
    ).toBeNull();
    expect(channel.wants('stop.created', 'pickup')).toBe(false);
    expect(channel.wants('stop.assigned', 'delivery')).toBe(false);
    expect(channel.wants('stop.delivered', 'return_pickup')).toBe(true);
  });
});

describe('a customer’s email from an order to the mail server', () => {
  let catcher: MailCatcher;
  let server: TestServer;

  beforeAll(async () => {
    catcher = await MailCatcher.start();
    server = await TestServer.start({ SMTP_URL: catcher.url, SMTP_FROM: FROM });
  });
  afterAll(async () => {
    await server?.stop();
    await catcher?.stop();
  });

  it('emails the customer that the order was received, with a link that opens the stop', async () => {
    const admin = await server.login();
    const hub = await server.request<{ id: number }>('POST', '/api/v1/hubs', {
      cookie: admin,
      body: { name: 'Centro', lat: -20.4697, lng: -54.6201, timezone: 'America/Campo_Grande' },
    });
    const shop = await server.request<Shop>('POST', '/api/v1/shops', {
      cookie: admin,
      body: { hubId: hub.body.id, name: 'Loja Centro' },
    });
    const key = await server.request<ApiKeyCreated>(
      'POST',
      `/api/v1/shops/${shop.body.id}/api-keys`,
      {
        cookie: admin,
        body: { name: 'Checkout' },
      },
    );
    const order = await server.request<OrderCreated>('POST', '/api/v1/orders', {
      headers: { authorization: `Bearer ${key.body.key}`, 'idempotency-key': 'mail-1' },
      body: orderInput('MAIL-1', {
        customer: { name: 'Ana Lima', email: 'ana@example.com', language: 'pt-BR' },
      }),
    });
    expect(order.status).toBe(201);

    const mail = await catcher.waitFor('ana@example.com', (m) => m.subject.includes('MAIL-1'));
    expect(mail.subject).toBe('Recebemos o seu pedido MAIL-1');
    expect(mail.text).toContain('Olá, Ana!');
    const link = /(https?:\/\/\S+\/t\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(link).toBe(order.body.trackingUrl);
    const token = link!.split('/t/')[1]!;
    expect(await server.app.customers.links.stopIdFor(token)).toBe(order.body.stopId);

    const sent = await eventually(async () => {
      const log = await server.request<NotificationLog>(
        'GET',
        `/api/v1/notifications?stopId=${order.body.stopId}`,
        { cookie: admin },
      );
      return log.body.deliveries.find(
        (d) => d.channel === 'email' && d.type === 'stop.created' && d.status === 'sent',
      );
    }, 20_000);
    expect(sent.recipient).toBe('ana@example.com');
  });
});

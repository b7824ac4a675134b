import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../server/src/config';
import { createCustomerChannels } from '../../server/src/notifications/customer-channels';
import { HttpSmsGateway } from '../../server/src/notifications/sms/http-gateway';
import { sampleMessage } from '../factories/customer-messages';

const LINK = 'http://localhost/t/q7Wm2xY9pLk3vTn8RbC4hJd6sFg1aZe5uXo0iPy_N-Q';
const PHONE = '+5567999990000';
const silent = { info: () => {} };

interface Received {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A gateway on 127.0.0.1 that records each request and answers with `status` (or never). */
class GatewayReceiver {
  readonly received: Received[] = [];
  status = 200;
  hang = false;
  private server!: Server;
  base = '';

  static async start(): Promise<GatewayReceiver> {
    const receiver = new GatewayReceiver();
    receiver.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        receiver.received.push({
          method: req.method!,
          url: new URL(req.url!, receiver.base),
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        if (receiver.hang) return;
        res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('answer');
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.base = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('customers’ text messages through an HTTP gateway', () => {
  let gateway: GatewayReceiver;

  const smsChannel = (settings: Partial<Config>) =>
    createCustomerChannels(loadConfig({}, settings), silent).find((c) => c.channel === 'sms')!;
  const message = () => sampleMessage('stop.out_for_delivery', { message: { trackingUrl: LINK } });

  beforeAll(async () => {
    gateway = await GatewayReceiver.start();
  });
  beforeEach(() => {
    gateway.received.length = 0;
    gateway.status = 200;
    gateway.hang = false;
  });
  afterAll(() => gateway?.stop());

  it('fills a GET URL template and sends the Authorization header', async () => {
    const channel = smsChannel({
      SMS_GATEWAY_URL: `${gateway.base}/send?to={to}&text={text}&from=Entregas`,
      SMS_GATEWAY_METHOD: 'GET',
      SMS_GATEWAY_AUTH: 'Basic dXNlcjpwYXNz',
    });
    expect(channel.configured).toBe(true);
    expect(await channel.send(PHONE, message())).toMatchObject({ ok: true, statusCode: 200 });

    const [request] = gateway.received;
    expect(request!.method).toBe('GET');
    expect(request!.headers.authorization).toBe('Basic dXNlcjpwYXNz');
    expect(request!.url.searchParams.get('to')).toBe(PHONE);
    expect(request!.url.searchParams.get('from')).toBe('Entregas');
    const text = request!.url.searchParams.get('text')!;
    expect(text).toContain('is out for delivery, today 14:20-14:40');
    expect(text).toContain(LINK);
  });

  it('posts a body template with the values JSON-escaped', async () => {
    const channel = smsChannel({
      SMS_GATEWAY_URL: `${gateway.base}/messages`,
      SMS_GATEWAY_METHOD: 'POST',
      SMS_GATEWAY_BODY: '{"messages":[{"destinations":[{"to":"{to}"}],"text":"{text}"}]}',
    });
    expect((await channel.send(PHONE, message())).ok).toBe(true);

    const [request] = gateway.received;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.authorization).toBeUndefined();
    const body = JSON.parse(request!.body) as {
      messages: [{ destinations: [{ to: string }]; text: string }];
    };
    expect(body.messages[0].destinations[0].to).toBe(PHONE);
    expect(body.messages[0].text).toContain(LINK);
  });

  it('posts a form body template, as Twilio takes it', async () => {
    const channel = smsChannel({
      SMS_GATEWAY_URL: `${gateway.base}/2010-04-01/Accounts/AC123/Messages.json`,
      SMS_GATEWAY_AUTH: 'Basic QUMxMjM6dG9rZW4=',
      SMS_GATEWAY_BODY: 'To={to}&From=%2B15005550006&Body={text}',
    });
    expect((await channel.send(PHONE, message())).ok).toBe(true);
    const [request] = gateway.received;
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers.authorization).toBe('Basic QUMxMjM6dG9rZW4=');
    const form = new URLSearchParams(request!.body);
    expect(form.get('To')).toBe(PHONE);
    expect(form.get('Body')).toContain(LINK);
  });

  it('posts JSON { to, text } when no body template is set', async () => {
    const channel = smsChannel({ SMS_GATEWAY_URL: `${gateway.base}/sms` });
    expect((await channel.send(PHONE, message())).ok).toBe(true);
    const body = JSON.parse(gateway.received[0]!.body) as { to: string; text: string };
    expect(body.to).toBe(PHONE);
    expect(body.text).toContain(LINK);
  });

  it('tries again after a 5xx or a 429 and gives up on another 4xx', async () => {
    const channel = smsChannel({ SMS_GATEWAY_URL: `${gateway.base}/sms` });
    gateway.status = 503;
    expect(await channel.send(PHONE, message())).toMatchObject({
      ok: false,
      retry: true,
      statusCode: 503,
    });
    gateway.status = 429;
    expect(await channel.send(PHONE, message())).toMatchObject({ ok: false, retry: true });
    gateway.status = 400;
    expect(await channel.send(PHONE, message())).toMatchObject({
      ok: false,
      retry: false,
      statusCode: 400,
    });
  });

  it('tries again when the gateway cannot be reached', async () => {
    const down = await GatewayReceiver.start();
    const base = down.base;
    await down.stop();
    const outcome = await smsChannel({ SMS_GATEWAY_URL: `${base}/sms` }).send(PHONE, message());
    expect(outcome).toMatchObject({ ok: false, retry: true });
    expect(outcome.error).toMatch(/cannot be reached/);
  });

  it('tries again when the gateway does not answer in time', async () => {
    gateway.hang = true;
    const provider = new HttpSmsGateway({
      url: `${gateway.base}/sms`,
      method: 'POST',
      timeoutMs: 200,
    });
    const outcome = await provider.send(PHONE, 'hello');
    expect(outcome).toMatchObject({ ok: false, retry: true });
    expect(outcome.error).toMatch(/did not answer/);
    expect(gateway.received).toHaveLength(1);
  });

  it('is not configured without SMS_GATEWAY_URL', () => {
    expect(smsChannel({}).configured).toBe(false);
  });
});

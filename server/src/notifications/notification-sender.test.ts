import { describe, expect, it } from 'vitest';
import type { NotificationEventType, StopKind } from '@dispatch/shared';
import { MemoryDeliveryQueue } from '../../../test/factories/memory-delivery-queue';
import type { CustomerChannel, CustomerMessage, SendOutcome } from './channel';
import { NotificationSender, type SenderOptions } from './notification-sender';
import { webhookSignature } from './webhook-signature';
import type { WebhookTransport } from './webhook-transport';

const T0 = Date.UTC(2026, 10, 26, 12, 0);
const MIN = 60_000;

interface Post {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** A webhook receiver per URL answering with `answer` (200 unless told), recording each post. */
function fakeReceivers(answer: (post: Post) => SendOutcome | Promise<SendOutcome> = () => ok) {
  const posts: Post[] = [];
  const transport: WebhookTransport = {
    async post(url, body, headers) {
      const post = { url, body, headers };
      posts.push(post);
      return answer(post);
    },
  };
  return { posts, transport };
}

const ok: SendOutcome = { ok: true, retry: false, statusCode: 200 };
const serverError: SendOutcome = { ok: false, retry: true, statusCode: 500, error: 'answered 500' };

function fakeChannel(
  channel: 'email' | 'sms',
  configured: boolean,
  wants: (type: NotificationEventType, kind: StopKind) => boolean = () => true,
) {
  const sent: { recipient: string; message: CustomerMessage }[] = [];
  let answer: SendOutcome = ok;
  const fake: CustomerChannel & {
    sent: typeof sent;
    answerWith(o: SendOutcome): void;
    closed: boolean;
  } = {
    channel,
    configured,
    sent,
    closed: false,
    answerWith(o) {
      answer = o;
    },
    wants,
    recipientOf: (stop) => (channel === 'email' ? stop.customerEmail : stop.customerPhone),
    send(recipient, message) {
      sent.push({ recipient, message });
      return Promise.resolve(answer);
    },
    close() {
      fake.closed = true;
      return Promise.resolve();
    },
  };
  return fake;
}

/** A sender over an in-memory queue with a clock the test moves; jitter fixed at one half. */
function setup(
  options: {
    transport?: WebhookTransport;
    channels?: CustomerChannel[];
    sender?: Partial<SenderOptions>;
  } = {},
) {
  const queue = new MemoryDeliveryQueue();
  const clock = { now: T0 };
  const logs: string[] = [];
  const sender = new NotificationSender(
    {
      queue,
      channels: options.channels ?? [],
      webhooks: options.transport ?? fakeReceivers().transport,
      links: {
        linksFor: (ids) =>
          Promise.resolve(new Map(ids.map((id) => [id, `https://t.example/t/stop-${id}`]))),
      },
      clock: () => clock.now,
      random: () => 0.5,
      log: {
        info: (_o, msg) => logs.push(msg),
        warn: (_o, msg) => logs.push(msg),
        debug: () => {},
      },
    },
    {
      batchSize: 500,
      concurrency: 8,
      pollMs: 250,
      timeoutMs: 1_000,
      retry: { baseMs: 2_000, capMs: 600_000, retryPeriodMs: 60 * MIN },
      userAgent: 'Dispatch-Webhooks/test',
      ...options.sender,
    },
  );
  return { queue, clock, logs, sender };
}

const payloadOf = (post: Post) =>
  JSON.parse(post.body) as { id: string; type: string; stopId: number };

describe('the notification sender', () => {
  it('posts each event to each webhook that wants it, signed, and records it sent', async () => {
    const receivers = fakeReceivers();
    const { queue, sender } = setup({ transport: receivers.transport });
    const hook = queue.addWebhook();
    const eventId = queue.addEvent(7, 'stop.assigned', T0 - 1_000);

    await sender.runOnce();

    expect(receivers.posts).toHaveLength(1);
    const [post] = receivers.posts;
    expect(post!.url).toBe(queue.webhooks[0]!.url);
    expect(payloadOf(post!)).toMatchObject({
      id: String(eventId),
      type: 'stop.assigned',
      stopId: 7,
    });
    expect(JSON.parse(post!.body)).toMatchObject({ trackingUrl: 'https://t.example/t/stop-7' });
    expect(post!.headers).toMatchObject({
      'webhook-id': String(eventId),
      'webhook-timestamp': String(T0 / 1000),
      'webhook-signature': webhookSignature(`whsec_secret-${hook}`, T0 / 1000, post!.body),
    });
    expect(queue.deliveries).toMatchObject([{ status: 'sent', attempts: 1, sentAt: T0 }]);
    expect(sender.counts).toEqual({ sent: 1, failedAttempts: 0, dead: 0, logged: 0 });
  });

  it('retries a failed attempt after the backoff, not before', async () => {
    let answer = serverError;
    const receivers = fakeReceivers(() => answer);
    const { queue, clock, sender } = setup({ transport: receivers.transport });
    queue.addWebhook();
    queue.addEvent(7, 'stop.assigned', T0);

    await sender.runOnce();
    // First failure: up to 2 s, half of it with the jitter at one half.
    expect(queue.deliveries[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: T0 + 1_000,
      lastStatusCode: 500,
      lastError: 'answered 500',
    });
    clock.now = T0 + 999;
    await sender.runOnce();
    expect(receivers.posts).toHaveLength(1);

    answer = ok;
    clock.now = T0 + 1_000;
    await sender.runOnce();
    expect(receivers.posts).toHaveLength(2);
    expect(receivers.posts[1]!.headers['webhook-id']).toBe(
      receivers.posts[0]!.headers['webhook-id'],
    );
    expect(queue.deliveries[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sender.counts).toMatchObject({ sent: 1, failedAttempts: 1 });
  });

  it("keeps a stop's events in order to a receiver while the first is retried", async () => {
    let failing = true;
    const receivers = fakeReceivers(() => (failing ? serverError : ok));
    const { queue, clock, sender } = setup({ transport: receivers.transport });
    queue.addWebhook();
    const first = queue.addEvent(7, 'stop.assigned', T0);
    const second = queue.addEvent(7, 'stop.out_for_delivery', T0);
    const otherStop = queue.addEvent(8, 'stop.assigned', T0);

    await sender.runOnce();
    // The other stop is not held back; stop 7's second event waits for its first.
    expect(receivers.posts.map((p) => payloadOf(p).id)).toEqual([String(first), String(otherStop)]);
    for (let i = 0; i < 3; i++) {
      clock.now += 10 * MIN;
      await sender.runOnce();
    }
    expect(receivers.posts.map((p) => payloadOf(p).id)).not.toContain(String(second));

    failing = false;
    clock.now += 10 * MIN;
    await sender.runOnce();
    await sender.runOnce();
    const stop7 = receivers.posts.filter((p) => payloadOf(p).stopId === 7);
    const delivered = [...new Set(stop7.map((p) => payloadOf(p).id))];
    expect(delivered).toEqual([String(first), String(second)]);
  });

  it('dead-letters a delivery failing past the retry period, then lets later events through', async () => {
    const receivers = fakeReceivers((post) =>
      payloadOf(post).type === 'stop.assigned' ? serverError : ok,
    );
    const { queue, clock, logs, sender } = setup({ transport: receivers.transport });
    queue.addWebhook();
    queue.addEvent(7, 'stop.assigned', T0);
    const later = queue.addEvent(7, 'stop.delivered', T0);

    while (queue.deliveries[0]?.status !== 'dead') {
      expect(clock.now).toBeLessThanOrEqual(T0 + 61 * MIN);
      await sender.runOnce();
      clock.now += 5 * MIN;
    }
    expect(queue.deliveries[0]).toMatchObject({ status: 'dead', lastStatusCode: 500 });
    expect(logs).toContain('notifications: delivery dead-lettered');

    await sender.runOnce();
    expect(receivers.posts.map((p) => payloadOf(p).id)).toContain(String(later));
    expect(queue.deliveries[1]).toMatchObject({ status: 'sent' });
    expect(sender.counts.dead).toBe(1);
  });

  it('gives up at once on 410 Gone', async () => {
    const receivers = fakeReceivers(() => ({ ok: false, retry: false, statusCode: 410 }));
    const { queue, sender } = setup({ transport: receivers.transport });
    queue.addWebhook();
    queue.addEvent(7, 'stop.assigned', T0);
    await sender.runOnce();
    expect(queue.deliveries[0]).toMatchObject({ status: 'dead', attempts: 1, lastStatusCode: 410 });
  });

  it('attempts a delivery again after its lease when recording the first attempt failed', async () => {
    const receivers = fakeReceivers();
    const { queue, clock, sender } = setup({ transport: receivers.transport });
    queue.addWebhook();
    queue.addEvent(7, 'stop.assigned', T0);
    queue.failNextRecord = true;

    await sender.runOnce();
    expect(queue.deliveries[0]).toMatchObject({ status: 'pending', attempts: 0 });
    await sender.runOnce();
    expect(receivers.posts).toHaveLength(1);

    clock.now += 1_000 + 5_000; // the timeout and the lease's margin
    await sender.runOnce();
    expect(receivers.posts).toHaveLength(2);
    expect(receivers.posts[1]!.body).toBe(receivers.posts[0]!.body);
    expect(queue.deliveries[0]).toMatchObject({ status: 'sent' });
  });

  it('attempts at most `concurrency` deliveries at once', async () => {
    let open = 0;
    let most = 0;
    const receivers = fakeReceivers(async () => {
      open += 1;
      most = Math.max(most, open);
      await new Promise((r) => setImmediate(r));
      open -= 1;
      return ok;
    });
    const { queue, sender } = setup({ transport: receivers.transport, sender: { concurrency: 2 } });
    queue.addWebhook();
    for (let stop = 1; stop <= 5; stop++) queue.addEvent(stop, 'stop.assigned', T0);

    await sender.runOnce();
    expect(receivers.posts).toHaveLength(2);
    await sender.runOnce();
    await sender.runOnce();
    expect(receivers.posts).toHaveLength(5);
    expect(most).toBe(2);
  });

  it('logs, never sends, deliveries on a channel without a transport', async () => {
    const sms = fakeChannel('sms', false);
    const { queue, logs, sender } = setup({ channels: [sms] });
    queue.addEvent(7, 'stop.assigned', T0, { phone: '+5511999990000' });

    await sender.runOnce();
    expect(queue.deliveries).toMatchObject([
      { channel: 'sms', recipient: '+5511999990000', status: 'logged' },
    ]);
    expect(sms.sent).toEqual([]);
    expect(logs).toContain('notifications: no sms transport set up; logged, not sent');
    expect(sender.counts.logged).toBe(1);
  });

  it('logs the first unsent message of a channel at info and sums the rest up a minute later', async () => {
    const sms = fakeChannel('sms', false);
    const { queue, clock, logs, sender } = setup({ channels: [sms] });
    for (let stop = 1; stop <= 3; stop++) {
      queue.addEvent(stop, 'stop.assigned', T0, { phone: `+551199999000${stop}` });
    }

    await sender.runOnce();
    const unsent = 'notifications: no sms transport set up; logged, not sent';
    expect(logs.filter((l) => l === unsent)).toHaveLength(1);
    expect(logs.some((l) => l.includes('more messages logged'))).toBe(false);
    clock.now += 60_000;
    await sender.runOnce();
    expect(logs.filter((l) => l.includes('2 more messages logged'))).toHaveLength(1);
    expect(sender.counts.logged).toBe(3);
  });

  it("writes the customer's message from the stop, the hub and the proof of delivery", async () => {
    const email = fakeChannel('email', true);
    const { queue, sender } = setup({ channels: [email] });
    const eta = new Date(T0 + 60 * MIN).toISOString();
    queue.addEvent(7, 'stop.eta_changed', T0, { email: 'maria@example.com', data: { eta } });
    queue.addEvent(7, 'stop.delivered', T0 + 70 * MIN, {
      email: 'maria@example.com',
      data: { status: 'delivered', eta },
    });

    await sender.runOnce();
    await sender.runOnce();
    expect(email.sent.map((s) => s.recipient)).toEqual(['maria@example.com', 'maria@example.com']);
    const [etaChanged, delivered] = email.sent.map((s) => s.message);
    expect(etaChanged).toMatchObject({
      language: 'pt-BR',
      customerName: 'Maria',
      hubName: 'Centro',
      timeZone: 'America/Sao_Paulo',
      trackingUrl: 'https://t.example/t/stop-7',
      etaWindow: { start: T0 + 50 * MIN, end: T0 + 70 * MIN },
      recipientName: null,
    });
    expect(delivered).toMatchObject({ etaWindow: null, recipientName: 'Joana' });
  });

  it('dead-letters at once what a channel says not to retry, and closes channels when it stops', async () => {
    const email = fakeChannel('email', true);
    email.answerWith({ ok: false, retry: false, error: 'mailbox does not exist' });
    const { queue, sender } = setup({ channels: [email] });
    queue.addEvent(7, 'stop.assigned', T0, { email: 'nobody@example.com' });

    await sender.runOnce();
    expect(queue.deliveries[0]).toMatchObject({
      status: 'dead',
      lastError: 'mailbox does not exist',
    });
    await sender.stop();
    expect(email.closed).toBe(true);
  });
});

import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '@dispatch/shared';

/**
 * Checks a webhook request the way the README tells receivers to: the signature over
 * "<timestamp>.<raw body>" with the webhook's secret, and a timestamp within five minutes.
 */
export function verifyWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  toleranceS = 300,
): boolean {
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  const signature = String(headers['webhook-signature'] ?? '');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceS) return false;
  const expected =
    'v1=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return (
    signature.length === expected.length &&
    timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  );
}

/** One request a receiver saw, answered or not. */
export interface ReceivedWebhook {
  webhookId: string;
  headers: IncomingHttpHeaders;
  body: string;
  payload: WebhookPayload;
  answered: number | 'held';
}

/** How a receiver answers a request: 200, 500, or not at all (held open). */
export type Answer = 200 | 500 | 'hold';

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request and answers as planned (the
 * next answers in `plan`, then `answer`). Held requests stay open until released or closed.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly held: ServerResponse[] = [];
  plan: Answer[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    public answer: Answer,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Listens on `port` (0: any free one). */
  static async start(answer: Answer = 200, port = 0): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => receiver!.take(req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    receiver = new WebhookReceiver(server, (server.address() as AddressInfo).port, answer);
    return receiver;
  }

  /** A port nothing listens on (yet): posting there is refused until a receiver starts on it. */
  static async freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  /** Event ids received, first arrival of each, in arrival order. */
  eventIds(): string[] {
    return [...new Set(this.received.map((r) => r.webhookId))];
  }

  /** Answers the held requests with 200 (their senders may be gone). */
  release(): void {
    for (const res of this.held.splice(0)) {
      try {
        res.writeHead(200).end();
      } catch {
        // the sender hung up
      }
    }
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const answer = this.plan.shift() ?? this.answer;
    this.received.push({
      webhookId: String(headers['webhook-id']),
      headers,
      body,
      payload: JSON.parse(body) as WebhookPayload,
      answered: answer === 'hold' ? 'held' : answer,
    });
    if (answer === 'hold') this.held.push(res);
    else res.writeHead(answer).end();
  }
}

/**
 * Receivers' requests grouped by stop, each list the event ids in arrival order (duplicates
 * included): in order per stop means each list never goes back to a smaller id.
 */
export function arrivalsByStop(received: readonly ReceivedWebhook[]): Map<number, number[]> {
  const byStop = new Map<number, number[]>();
  for (const r of received) {
    const list = byStop.get(r.payload.stopId) ?? [];
    list.push(Number(r.webhookId));
    byStop.set(r.payload.stopId, list);
  }
  return byStop;
}

/** The stops whose arrivals went back to an earlier event (empty when every stop is in order). */
export function outOfOrderStops(received: readonly ReceivedWebhook[]): number[] {
  const bad: number[] = [];
  for (const [stopId, ids] of arrivalsByStop(received)) {
    if (ids.some((id, i) => i > 0 && id < ids[i - 1]!)) bad.push(stopId);
  }
  return bad;
}

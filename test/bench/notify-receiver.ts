/**
 * bench:notify's webhook receiver, in its own process: a node:http server on 127.0.0.1 that
 * checks each request's signature, waits `answerMs` and answers 200, recording the event's id,
 * stop and type with the times its body arrived and its answer went out. Over IPC it can close
 * its port (connection refused, open connections dropped) and listen again on the same one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Receipt } from '../harness/webhook-audit/webhook-audit';
import { exitCleanlyOnSignal, report } from './child-ipc';
import type { ReceiverReport, ReceiverRequest } from './notify-messages';

const settings = { secret: '', answerMs: 0 };
const receipts: Receipt[] = [];
/** Requests waiting for their answer, dropped when the receiver goes down. */
const waiting = new Set<ServerResponse>();

/** `Webhook-Signature: v1=<hex>` (several, space- or comma-separated, may be sent). */
function signatureOk(req: IncomingMessage, body: string): boolean {
  const timestamp = req.headers['webhook-timestamp'];
  const header = req.headers['webhook-signature'];
  if (typeof timestamp !== 'string' || typeof header !== 'string' || !settings.secret) return false;
  const expected = createHmac('sha256', settings.secret).update(`${timestamp}.${body}`).digest();
  return header
    .split(/[\s,]+/)
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

function fieldsOf(body: string): { stopId: number; type: string } {
  try {
    const parsed = JSON.parse(body) as { stopId?: unknown; type?: unknown };
    return {
      stopId: typeof parsed.stopId === 'number' ? parsed.stopId : NaN,
      type: typeof parsed.type === 'string' ? parsed.type : '',
    };
  } catch {
    return { stopId: NaN, type: '' };
  }
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const receivedAtMs = Date.now();
    const body = Buffer.concat(chunks).toString('utf8');
    const webhookId = req.headers['webhook-id'];
    const partial = {
      webhookId: typeof webhookId === 'string' ? webhookId : '',
      ...fieldsOf(body),
      receivedAtMs,
      signatureOk: signatureOk(req, body),
    };
    waiting.add(res);
    const answer = () => {
      if (!waiting.delete(res)) return;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      receipts.push({ ...partial, answeredAtMs: Date.now() });
    };
    if (settings.answerMs > 0) setTimeout(answer, settings.answerMs);
    else answer();
  });
}

const server = createServer(handle);
server.keepAliveTimeout = 30_000;

function listen(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting and drops every connection: requests waiting for their answer get none. */
function goDown(): number {
  const dropped = waiting.size;
  waiting.clear();
  server.close();
  server.closeAllConnections();
  return dropped;
}

async function main(): Promise<void> {
  const port = await listen(0);
  exitCleanlyOnSignal(async () => {
    goDown();
  });
  process.on('message', (raw) => {
    const request = raw as ReceiverRequest;
    const send = (message: ReceiverReport) => report(message);
    if (request.type === 'configure') {
      Object.assign(settings, { secret: request.secret, answerMs: request.answerMs });
      send({ type: 'configured' });
    } else if (request.type === 'down') {
      const droppedRequests = goDown();
      send({ type: 'down', atMs: Date.now(), droppedRequests });
    } else if (request.type === 'up') {
      listen(port).then(
        () => send({ type: 'up', atMs: Date.now() }),
        (err: unknown) => {
          console.error('the receiver could not listen again', err);
          process.exit(1);
        },
      );
    } else if (request.type === 'receipts') {
      send({ type: 'receipts', receipts: receipts.slice(request.from), total: receipts.length });
    }
  });
  report<ReceiverReport>({ type: 'listening', port });
}

main().catch((err: unknown) => {
  console.error('webhook receiver failed', err);
  process.exit(1);
});

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startBalancer, type Balancer } from './balancer';

const HOST = '127.0.0.1';

interface NamedBackend {
  name: string;
  server: Server;
  port: number;
}

/** An HTTP server that answers every request, and echoes every WebSocket message, with its name. */
async function namedBackend(name: string): Promise<NamedBackend> {
  const server = createServer((_req, res) => res.end(name));
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket) =>
    socket.on('message', (data) => socket.send(`${name}:${String(data)}`)),
  );
  server.once('close', () => sockets.close());
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return { name, server, port: (server.address() as AddressInfo).port };
}

async function closeBackend(backend: NamedBackend): Promise<void> {
  await new Promise<void>((resolve) => {
    backend.server.close(() => resolve());
    backend.server.closeAllConnections();
  });
}

/** One request on a connection of its own, so each one is balanced anew. */
function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

async function getMany(port: number, count: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) answers.push(await get(port));
  return answers;
}

/** A port nothing listens on: one that was free a moment ago. */
async function closedPort(): Promise<number> {
  const backend = await namedBackend('gone');
  await closeBackend(backend);
  return backend.port;
}

describe('startBalancer', () => {
  let backends: NamedBackend[] = [];
  let balancer: Balancer | null = null;

  afterEach(async () => {
    await balancer?.close();
    await Promise.all(backends.filter((b) => b.server.listening).map(closeBackend));
    balancer = null;
    backends = [];
  });

  async function balance(ports: number[]): Promise<Balancer> {
    balancer = await startBalancer({
      port: 0,
      host: HOST,
      backends: ports.map((port) => ({ host: HOST, port })),
      log: () => {},
    });
    return balancer;
  }

  async function threeBackends(): Promise<NamedBackend[]> {
    backends = await Promise.all(['a', 'b', 'c'].map(namedBackend));
    return backends;
  }

  it('sends each new connection to the next backend in turn', async () => {
    const [a, b, c] = await threeBackends();
    const lb = await balance([a!.port, b!.port, c!.port]);

    expect(await getMany(lb.port, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(lb.stats().map((s) => s.connections)).toEqual([2, 2, 2]);
  });

  it('answers every request from the others when one backend is gone', async () => {
    const [a, b, c] = await threeBackends();
    const lb = await balance([a!.port, b!.port, c!.port]);
    await closeBackend(b!);

    const answers = await getMany(lb.port, 6);

    expect(answers).toHaveLength(6);
    expect(new Set(answers)).toEqual(new Set(['a', 'c']));
    const gone = lb.stats()[1]!;
    expect(gone.connections).toBe(0);
    expect(gone.failures).toBeGreaterThan(0);
    expect(gone.down).toBe(true);
  });

  it('closes the client connection when no backend accepts it', async () => {
    const lb = await balance([await closedPort(), await closedPort()]);

    await expect(get(lb.port)).rejects.toThrow();
    expect(lb.stats().every((s) => s.down && s.connections === 0)).toBe(true);
  });

  it('passes a WebSocket upgrade through and keeps it on one backend', async () => {
    const [a, b] = await threeBackends();
    const lb = await balance([a!.port, b!.port]);
    const socket = new WebSocket(`ws://${HOST}:${lb.port}/`);
    const replies: string[] = [];
    const twoReplies = new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('message', (data) => {
        replies.push(String(data));
        if (replies.length === 2) resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });

    socket.send('one');
    socket.send('two');
    await twoReplies;
    socket.close();

    expect(replies).toEqual(['a:one', 'a:two']);
    expect(lb.stats()[0]!.connections).toBe(1);
  });
});

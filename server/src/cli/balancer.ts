import { connect, createServer, type Socket } from 'node:net';

/** Where the balancer sends connections. */
export interface BackendAddress {
  host: string;
  port: number;
}

/** One backend's counts since the balancer started. */
export interface BackendStats {
  backend: string;
  /** Connections piped to this backend. */
  connections: number;
  /** Connections piped to it and still open. */
  open: number;
  /** Connection attempts that it refused or that timed out. */
  failures: number;
  /** Skipped for new connections until a few seconds after its last failure. */
  down: boolean;
}

export interface BalancerOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  backends: BackendAddress[];
  log: (line: string) => void;
  /** How long a backend that failed a connection is skipped, ms (default 3000). */
  downForMs?: number;
  /** How long a backend may take to accept a connection before it counts as failed, ms (default 3000). */
  connectTimeoutMs?: number;
}

export interface Balancer {
  /** The port it listens on (the one picked when asked for 0). */
  port: number;
  /** Stops accepting and cuts every open connection. */
  close(): Promise<void>;
  stats(): BackendStats[];
}

interface BackendState {
  address: BackendAddress;
  connections: number;
  open: number;
  failures: number;
  downUntil: number;
}

/**
 * A round-robin TCP balancer: each accepted connection is piped whole to the next backend that
 * accepts it, so HTTP requests and WebSocket upgrades pass alike without being parsed. Clients
 * that keep a connection (a WebSocket) stay on one backend for its life, which is all a
 * websocket-only Socket.IO client needs: no sticky sessions.
 */
export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const downForMs = options.downForMs ?? 3000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const backends: BackendState[] = options.backends.map((address) => ({
    address,
    connections: 0,
    open: 0,
    failures: 0,
    downUntil: 0,
  }));
  const sockets = new Set<Socket>();
  let cursor = 0;

  /** Backends from the round-robin cursor on: those up first, then those marked down as a last resort. */
  const candidates = (): BackendState[] => {
    const ordered = backends.map((_, i) => backends[(cursor + i) % backends.length]!);
    cursor = (cursor + 1) % Math.max(backends.length, 1);
    const now = Date.now();
    return [
      ...ordered.filter((b) => b.downUntil <= now),
      ...ordered.filter((b) => b.downUntil > now),
    ];
  };

  const markDown = (backend: BackendState, reason: string) => {
    backend.failures++;
    const wasUp = backend.downUntil <= Date.now();
    backend.downUntil = Date.now() + downForMs;
    if (wasUp)
      options.log(
        `backend ${label(backend.address)} down (${reason}); skipped for ${downForMs} ms`,
      );
  };

  const pipeTo = (client: Socket, queue: BackendState[]) => {
    const backend = queue.shift();
    if (!backend) {
      options.log('no backend accepted the connection; closed it');
      client.destroy();
      return;
    }
    const upstream = connect({ ...backend.address, allowHalfOpen: true });
    track(upstream);
    upstream.setTimeout(connectTimeoutMs);
    const failed = (reason: string) => {
      upstream.destroy();
      markDown(backend, reason);
      if (!client.destroyed) pipeTo(client, queue);
    };
    const onError = (err: NodeJS.ErrnoException) => failed(err.code ?? err.message);
    const onTimeout = () => failed(`no answer within ${connectTimeoutMs} ms`);
    upstream.once('error', onError);
    upstream.once('timeout', onTimeout);
    upstream.once('connect', () => {
      upstream.off('error', onError);
      upstream.off('timeout', onTimeout);
      upstream.setTimeout(0);
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      backend.connections++;
      backend.open++;
      upstream.once('close', () => backend.open--);
      splice(client, upstream);
    });
    // A client that leaves while its backend is being reached takes the attempt with it.
    client.once('close', () => {
      if (upstream.connecting) upstream.destroy();
    });
  };

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = createServer({ allowHalfOpen: true }, (client) => {
    track(client);
    // Until it is piped, a client's early bytes wait in its socket; errors end it quietly.
    client.on('error', () => client.destroy());
    pipeTo(client, candidates());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    stats: () =>
      backends.map((b) => ({
        backend: label(b.address),
        connections: b.connections,
        open: b.open,
        failures: b.failures,
        down: b.downUntil > Date.now(),
      })),
  };
}

/** Both directions piped; an end travels across, an error or a reset closes both. */
function splice(client: Socket, upstream: Socket): void {
  const cut = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', cut);
  upstream.on('error', cut);
  client.pipe(upstream);
  upstream.pipe(client);
  client.once('close', () => upstream.destroy());
  upstream.once('close', () => client.end());
}

function label(address: BackendAddress): string {
  return `${address.host}:${address.port}`;
}

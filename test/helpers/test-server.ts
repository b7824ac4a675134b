import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConsoleClientToServer,
  type ConsoleServerToClient,
  type CourierClientToServer,
  type CourierServerToClient,
  type Ping,
} from '@dispatch/shared';
import { buildApp, type App, type AppOptions } from '../../server/src/app';
import { loadConfig, type Config } from '../../server/src/config';
import type { FleetOptions } from '../../server/src/simulator/fleet';
import { NO_WORLD_INCIDENTS } from '../../server/src/simulator/world/incidents';
import { FREE_FLOW_TRAFFIC } from '../../server/src/simulator/world/traffic';
import { freshDatabase } from './test-database';
import { testRoutes } from './test-routes';

export { TEST_DATABASE_URL, freshDatabase } from './test-database';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password' };

export type CourierClient = Socket<CourierServerToClient, CourierClientToServer>;
export type ConsoleClient = Socket<ConsoleServerToClient, ConsoleClientToServer>;
type HelloInfo = Parameters<ConsoleServerToClient['hello']>[0];
const helloOf = new WeakMap<ConsoleClient, HelloInfo>();

/** How to build a test server: the app's options, and whether to add the test-only routes. */
export interface TestServerOptions extends AppOptions {
  /** Routes that inject alerts and suggestions through the real services (`test-routes.ts`). */
  testRoutes?: boolean;
}

/** A real server on free ports with its own database, and clients to talk to it. */
export class TestServer {
  app!: App;
  url = '';
  osmandUrl = '';
  /** The separate metrics listener's base URL (`METRICS_PORT`), else empty. */
  metricsUrl = '';
  private sockets: Socket[] = [];

  private constructor(
    readonly config: Config,
    private readonly db: { url?: string; dataDir: string; drop: () => Promise<void> },
    private readonly appOptions: AppOptions,
  ) {}

  static async start(
    overrides: Partial<Config> = {},
    { testRoutes: withTestRoutes, ...appOptions }: TestServerOptions = {},
  ): Promise<TestServer> {
    const db = await freshDatabase();
    const config = loadConfig(
      {},
      {
        PORT: 0,
        OSMAND_PORT: 0,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DATA_DIR: db.dataDir,
        ...(db.url ? { DATABASE_URL: db.url } : {}),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        WEB_DIR: join(db.dataDir, 'no-web'),
        CONSOLE_TICK_MS: 100,
        // Tests stand for clients behind a proxy on this machine: an `X-Forwarded-For` header
        // names each one's address (tracking pages and pairing devices count tries per address).
        TRUST_PROXY: 'loopback',
        ...overrides,
      },
    );
    const server = new TestServer(
      config,
      db,
      withTestRoutes
        ? {
            ...appOptions,
            extend: async (http, parts) => {
              await http.register(testRoutes, { parts });
            },
          }
        : appOptions,
    );
    await server.boot();
    return server;
  }

  /**
   * Another node of `first`'s cluster: same database (PostgreSQL) and settings, its own ports
   * and `overrides` (NODE_NAME at least); stopping it leaves the database to `first`.
   */
  static async alongside(
    first: TestServer,
    overrides: Partial<Config>,
    appOptions: AppOptions = {},
  ): Promise<TestServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'dispatch-test-node-'));
    const config = { ...first.config, PORT: 0, OSMAND_PORT: 0, DATA_DIR: dataDir, ...overrides };
    const db = {
      url: first.config.DATABASE_URL,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
    const server = new TestServer(config, db, appOptions);
    await server.boot();
    return server;
  }

  private async boot(): Promise<void> {
    this.app = await buildApp(this.config, this.appOptions);
    const { port, osmandPort, metricsPort } = await this.app.listen();
    this.url = `http://127.0.0.1:${port}`;
    this.osmandUrl = `http://127.0.0.1:${osmandPort}`;
    this.metricsUrl = metricsPort === undefined ? '' : `http://127.0.0.1:${metricsPort}`;
  }

  /**
   * Stops the server and starts a new one on the same database; with `samePorts` it listens
   * where it did before, so connected clients (a browser) can reconnect.
   */
  async restart(options: { samePorts?: boolean } = {}): Promise<void> {
    this.closeSockets();
    if (options.samePorts) {
      this.config.PORT = Number(new URL(this.url).port);
      this.config.OSMAND_PORT = Number(new URL(this.osmandUrl).port);
    }
    await this.app.close();
    await this.boot();
  }

  async stop(): Promise<void> {
    this.closeSockets();
    await this.app.close();
    await this.db.drop();
  }

  private closeSockets(): void {
    for (const s of this.sockets) s.disconnect();
    this.sockets = [];
  }

  /** JSON request; returns status and parsed body. */
  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      cookie?: string;
      headers?: Record<string, string>;
      raw?: string;
    } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Signs in and returns the session cookie header value. */
  async login(email = ADMIN.email, password = ADMIN.password): Promise<string> {
    const res = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
    if (!cookie) throw new Error('no session cookie');
    return cookie.split(';')[0]!;
  }

  /** Creates a courier as admin; returns its id and device token. */
  async createCourier(
    cookie: string,
    fields: {
      name?: string;
      vehicle?: string;
      externalDeviceId?: string;
      hubId?: number;
      shiftStartMinute?: number;
      shiftEndMinute?: number;
    } = {},
  ): Promise<{ id: number; deviceToken: string }> {
    // On shift around the clock unless a test says otherwise, so detection does not depend on the hour.
    const res = await this.request<{ id: number; deviceToken: string }>(
      'POST',
      '/api/v1/couriers',
      {
        cookie,
        body: {
          name: 'Test Courier',
          vehicle: 'bike',
          shiftStartMinute: 0,
          shiftEndMinute: 1440,
          ...fields,
        },
      },
    );
    if (res.status !== 201)
      throw new Error(`create courier failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A connected courier device (rejects when the server refuses the handshake). */
  async connectCourier(
    token: string,
    beforeConnect?: (socket: CourierClient) => void,
  ): Promise<CourierClient> {
    const socket: CourierClient = io(this.url + NAMESPACES.courier, {
      auth: { token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
    });
    beforeConnect?.(socket);
    this.sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return socket;
  }

  /** The `hello` a console socket of `connectConsole` got, once it came. */
  static helloOf(socket: ConsoleClient): HelloInfo | undefined {
    return helloOf.get(socket);
  }

  /** A console socket, connected; its `hello` is kept for `helloOf` when it comes. */
  async connectConsole(cookie?: string): Promise<ConsoleClient> {
    const socket: ConsoleClient = io(this.url + NAMESPACES.console, {
      auth: { protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      // The session cookie rides on the connection: never share one with another socket.
      forceNew: true,
      extraHeaders: cookie ? { cookie } : {},
    });
    this.sockets.push(socket);
    socket.once('hello', (info) => {
      helloOf.set(socket, info);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return socket;
  }

  /** Rows stored for a courier, by sequence number. */
  async storedPings(
    courierId: number,
  ): Promise<{ seq: number; t: number; lat: number; lng: number }[]> {
    return this.app.db.query(
      `select seq::float8 as seq, (extract(epoch from t) * 1000)::float8 as t, lat, lng
       from pings where courier_id = $1 order by seq`,
      [courierId],
    );
  }
}

/** `n` plausible fixes starting at `seq0`, one second apart, moving north-east. */
export function makePings(
  n: number,
  seq0 = 1,
  t0 = Date.now() - n * 1000,
  origin = { lat: 52.52, lng: 13.405 },
): Ping[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: seq0 + i,
    t: t0 + i * 1000,
    lat: origin.lat + i * 1e-4,
    lng: origin.lng + i * 1e-4,
    acc: 5,
    spd: 5,
    hdg: 45,
    bat: 0.9,
  }));
}

/**
 * Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`: long
 * enough for a busy two-core machine running other suites, and returning as soon as it holds.
 */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Options for an in-process simulated fleet driving a test server as its admin: fast pings, no
 * injected incidents, a throwaway incident log. Override what a test cares about.
 */
export function testFleetOptions(
  server: TestServer,
  overrides: Partial<FleetOptions> = {},
): FleetOptions {
  return {
    serverUrl: server.url,
    email: ADMIN.email,
    password: ADMIN.password,
    couriers: null,
    osmPath: null,
    seed: 3,
    speedup: 4,
    pingIntervalMs: 250,
    batchMs: 500,
    incidentRates: NO_WORLD_INCIDENTS.rates,
    lunch: false,
    // Streets as empty at any hour: a test's timing must not depend on when it runs.
    traffic: FREE_FLOW_TRAFFIC,
    incidentLogPath: join(mkdtempSync(join(tmpdir(), 'dispatch-sim-log-')), 'incidents.jsonl'),
    durationS: null,
    log: () => {},
    ...overrides,
  };
}

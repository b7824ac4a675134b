import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../server/src/db/client';
import { createRng, type Rng } from '../../server/src/lib/rng';
import { ServerProcess } from '../helpers/server-process';
import { TEST_DATABASE_URL, freshDatabase } from '../helpers/test-server';
import { PrivatePostgres, freePort, privatePostgresUnavailable } from './private-postgres';

/** The seed of a chaos run: `CHAOS_SEED` to replay one, else drawn (and printed by the caller). */
export function chaosSeed(): number {
  const given = process.env.CHAOS_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`CHAOS_SEED must be an integer, not ${given}`);
    return seed >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** The seeded random source of one suite, derived from the run's seed and the suite's name. */
export function chaosRng(seed: number, suite: string): Rng {
  return createRng(seed).fork(suite);
}

/** Where a chaos run keeps its data, and how to look at it from outside the server. */
export interface ChaosDatabase {
  label: 'PGlite' | 'PostgreSQL';
  /** Settings for the server process (DATA_DIR, and DATABASE_URL on PostgreSQL). */
  env: Record<string, string>;
  /** Whether the database can be read while the server runs (PGlite has one owner at a time). */
  readableWhileServing: boolean;
  /** Opens the database from the test process (on PGlite: only while no server runs). */
  open(): Promise<Database>;
  /** The private cluster, when the run made one (to stop it for the outage test). */
  cluster: PrivatePostgres | null;
  drop(): Promise<void>;
}

/** An embedded database in a fresh data folder (copied from the migrated template). */
export async function embeddedDatabase(): Promise<ChaosDatabase> {
  const db = await freshDatabase();
  if (db.url) {
    // TEST_DATABASE_URL is set: freshDatabase made a PostgreSQL one; this suite wants PGlite.
    await db.drop();
    const dataDir = mkdtempSync(join(tmpdir(), 'dispatch-chaos-'));
    return embeddedIn(dataDir, async () => rmSync(dataDir, { recursive: true, force: true }));
  }
  return embeddedIn(db.dataDir, db.drop);
}

function embeddedIn(dataDir: string, drop: () => Promise<void>): ChaosDatabase {
  return {
    label: 'PGlite',
    env: { DATA_DIR: dataDir, WEB_DIR: join(dataDir, 'no-web') },
    readableWhileServing: false,
    open: () => openDatabase({ dataDir }),
    cluster: null,
    drop,
  };
}

/**
 * A PostgreSQL database: on TEST_DATABASE_URL's server when it is set (and `privateCluster` is
 * not required), else on a private cluster made for the run. Null, with the reason, when neither
 * is possible.
 */
export async function postgresDatabase(
  options: { privateCluster?: boolean } = {},
): Promise<ChaosDatabase | { skip: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dispatch-chaos-'));
  const env = { DATA_DIR: dataDir, WEB_DIR: join(dataDir, 'no-web') };
  if (TEST_DATABASE_URL && !options.privateCluster) {
    const db = await freshDatabase();
    return {
      label: 'PostgreSQL',
      env: { ...env, DATABASE_URL: db.url! },
      readableWhileServing: true,
      open: () => openDatabase({ url: db.url, dataDir }),
      cluster: null,
      drop: async () => {
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const reason = await privatePostgresUnavailable();
  if (reason) return { skip: reason };
  const cluster = await PrivatePostgres.create();
  const url = await cluster.createDatabase('dispatch_chaos');
  return {
    label: 'PostgreSQL',
    env: { ...env, DATABASE_URL: url },
    readableWhileServing: true,
    open: () => openDatabase({ url, dataDir }),
    cluster,
    drop: async () => {
      await cluster.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server as a child process that comes back on the same port after each kill, so phones
 * and consoles reconnect by themselves.
 */
export class ChaosServer {
  process: ServerProcess | null = null;
  starts = 0;
  /** How long each start took, ms. */
  readonly startMs: number[] = [];

  private constructor(
    private readonly env: Record<string, string>,
    readonly port: number,
  ) {}

  static async create(env: Record<string, string>): Promise<ChaosServer> {
    return new ChaosServer(env, await freePort());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): ServerProcess {
    if (!this.process) throw new Error('the server is not running');
    return this.process;
  }

  async start(): Promise<ServerProcess> {
    const began = Date.now();
    this.process = await ServerProcess.start({ ...this.env, PORT: String(this.port) });
    this.starts++;
    this.startMs.push(Date.now() - began);
    return this.process;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    await this.process?.kill();
    this.process = null;
  }

  /** SIGTERM: the clean shutdown. */
  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }
}

/** Settings every chaos server runs with: quick detection and acks that give up in time. */
export const CHAOS_SERVER_ENV = {
  ACK_TIMEOUT_MS: '2000',
  DETECT_TICK_MS: '250',
  CONSOLE_TICK_MS: '250',
} as const;

import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

/** Where Debian puts the PostgreSQL 15 server programs. */
const BIN = '/usr/lib/postgresql/15/bin';

/**
 * Why a private cluster cannot be made on this machine, or null when it can: the server
 * programs are missing, or (as root, which PostgreSQL refuses to run as) there is no `postgres`
 * user to run them as.
 */
export async function privatePostgresUnavailable(): Promise<string | null> {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl')))
    return `PostgreSQL 15 server programs not found in ${BIN}`;
  if (process.getuid?.() !== 0) return null;
  try {
    await run('id', ['-u', 'postgres']);
    return null;
  } catch {
    return 'running as root and there is no postgres user to run PostgreSQL as';
  }
}

/** A free TCP port on 127.0.0.1 (taken and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port of 127.0.0.1:
 * stopping it disturbs nobody else. As root its programs run as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  /** The cluster's own data folder. */
  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Creates the cluster (`initdb`, trust auth) and starts it. */
  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'dispatch-chaos-pg-'));
    const asPostgres = process.getuid?.() === 0;
    if (asPostgres) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(dir, uid, gid);
    }
    const cluster = new PrivatePostgres(dir, await freePort(), asPostgres);
    await cluster.pg('initdb', [
      '-D',
      cluster.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '--no-instructions',
    ]);
    await cluster.start();
    return cluster;
  }

  /** The URL of a database on this cluster (`postgres` by default). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A new empty database on the cluster; returns its URL. */
  async createDatabase(name: string): Promise<string> {
    const admin = postgres(this.url(), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    return this.url(name);
  }

  /**
   * Starts (or restarts) the cluster and waits until it accepts connections. Commits stay
   * synchronous (an acknowledged commit is written before the answer); only fsync is off, which
   * matters for a machine crash, not for a stopped server.
   */
  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      `-c listen_addresses=127.0.0.1`,
      '-c fsync=off',
      '-c max_connections=200',
    ].join(' ');
    await this.pg('pg_ctl', [
      'start',
      '-D',
      this.dataDir,
      '-w',
      '-t',
      '60',
      '-l',
      join(this.dir, 'log'),
      '-o',
      options,
    ]);
  }

  /** Stops the cluster as a crash would (`-m immediate`: no checkpoint, clients cut off). */
  async stopImmediately(): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'immediate', '-w']);
  }

  /** Stops the cluster for good and removes its folder. */
  async destroy(): Promise<void> {
    try {
      await this.pg('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'immediate', '-w']);
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async pg(program: string, args: string[]): Promise<void> {
    const path = join(BIN, program);
    const [file, argv] = this.asPostgres
      ? ['runuser', ['-u', 'postgres', '--', path, ...args]]
      : [path, args];
    // pg_ctl start leaves the server running with our pipes unless its output goes to the log.
    await run(file, argv, { timeout: 90_000 });
  }
}

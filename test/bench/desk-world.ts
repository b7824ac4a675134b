import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { DemoCredentials } from '../../server/src/cli/demo-seed';

/** One demo world as `pnpm start` runs it: server, embedded database, simulator. */
export interface World {
  name: string;
  url: string;
  credentials: DemoCredentials;
  /** Where its output goes. */
  logPath: string;
  /** SIGTERM to its process group (server and simulator), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface WorldOptions {
  name: string;
  /** The checkout whose `server/src/cli/start.ts` runs (and whose built console it serves). */
  repoRoot: string;
  /** A fresh folder of its own: the working directory, DATA_DIR under it. */
  workDir: string;
  logPath: string;
  osm: string | null;
  couriers: number;
  stops: number;
  seed: number;
  /** How long to wait for the server and every simulated courier. */
  readyTimeoutMs: number;
}

/** The server processes still running. */
const running = new Set<ChildProcess>();
/** Process groups not yet stopped (a simulator may outlive its server). */
const groups = new Set<number>();

/** Kills every world not yet stopped, at once; for error paths, SIGINT and exit. */
export function killAllWorlds(): void {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  groups.clear();
}

/** A free loopback port (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts `start.ts` with the checkout's tsx loader in its own process group, so that stopping
 * it also stops the simulator it spawns. The working directory is the world's own (linked to the
 * checkout's packages): the simulator writes its incident log relative to it, and two worlds
 * must not share one.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  mkdirSync(options.workDir, { recursive: true });
  for (const entry of ['node_modules', 'tsconfig.json']) {
    const link = join(options.workDir, entry);
    if (!existsSync(link)) symlinkSync(join(options.repoRoot, entry), link);
  }
  const [port, osmandPort] = [await freePort(), await freePort()];
  const dataDir = join(options.workDir, 'data');
  const args = ['--import', 'tsx', join(options.repoRoot, 'server/src/cli/start.ts')];
  args.push('--couriers', String(options.couriers), '--stops', String(options.stops));
  args.push('--seed', String(options.seed));
  if (options.osm) args.push('--osm', options.osm);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    OSMAND_PORT: String(osmandPort),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
  };
  delete env.DATABASE_URL;
  const log = createWriteStream(options.logPath);
  const child = spawn(process.execPath, args, {
    cwd: options.workDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const pid = child.pid!;
  groups.add(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let output = '';
  const take = (chunk: Buffer) => {
    log.write(chunk);
    if (output.length < 200_000) output += chunk.toString();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);

  const url = `http://127.0.0.1:${port}`;
  const world: World = {
    name: options.name,
    url,
    logPath: options.logPath,
    credentials: { admin: none(), dispatcher: none(), supervisor: none() },
    async stop(timeoutMs = 10_000) {
      if (!groups.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
      // The simulator may outlive the server by a moment: its group goes too.
      killGroup(pid, 'SIGKILL');
      groups.delete(pid);
      log.end();
    },
  };
  const deadline = Date.now() + options.readyTimeoutMs;
  const connected = new RegExp(`connected ${options.couriers}/${options.couriers}`);
  while (!connected.test(output)) {
    if (!running.has(child)) throw new Error(`${options.name} exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      await world.stop();
      throw new Error(`${options.name} not ready in ${options.readyTimeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  world.credentials = JSON.parse(
    readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'),
  ) as DemoCredentials;
  return world;
}

function none() {
  return { email: '', password: '' };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

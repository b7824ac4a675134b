import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ADMIN } from './test-server';

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));

/**
 * The server as its own process (`server/src/main.ts` under tsx), for tests that kill it: it
 * reads its settings from `env`, and `url` is where it listens once `start` resolves.
 */
export class ServerProcess {
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly output: string[],
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Whether the process has ended (killed, or exited by itself). */
  get ended(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The last `lines` lines the process wrote (its log), for a failure message. */
  logTail(lines = 40): string {
    return this.output.join('\n').split('\n').slice(-lines).join('\n');
  }

  /** Starts the server and waits for its "listening" log line. */
  static async start(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
    const child = fork(MAIN, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        PORT: '0',
        OSMAND_PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // The latest lines only: a long run logs every request.
    const output: string[] = [];
    const keep = (text: string) => {
      output.push(text);
      if (output.length > 2000) output.splice(0, 1000);
    };
    child.stderr!.on('data', (chunk: Buffer) => keep(chunk.toString('utf8')));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the server did not start within ${timeoutMs} ms:\n${output.join('')}`));
      }, timeoutMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before listening:\n${output.join('')}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        keep(line);
        if (!line.includes('dispatch server listening')) return;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      });
    });
    return new ServerProcess(child, `http://127.0.0.1:${port}`, output);
  }

  /** The process id (to read its memory from /proc). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Kills the process outright, as a crash or a power cut would. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Asks it to shut down cleanly and waits. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
  }

  /** JSON request; returns status and parsed body. */
  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; cookie?: string } = {},
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.url + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Signs in as the admin and returns the session cookie header value. */
  async login(): Promise<string> {
    const res = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return res.headers
      .getSetCookie()
      .find((c) => c.startsWith('sid='))!
      .split(';')[0]!;
  }
}

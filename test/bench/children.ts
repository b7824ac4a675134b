import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const live = new Set<ChildProcess>();

/** A forked TypeScript child of the bench, with typed IPC in both directions. */
export class BenchChild<Report extends { type: string }, Request extends object> {
  private inbox: Report[] = [];
  private waiters: { type: string; resolve: (m: Report) => void; reject: (e: Error) => void }[] =
    [];
  private exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    live.add(child);
    child.on('message', (raw) => this.deliver(raw as Report));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        for (const w of this.waiters.splice(0)) {
          w.reject(new Error(`${name} exited (code ${code}, signal ${signal}) before '${w.type}'`));
        }
        resolve(code);
      });
    });
  }

  /**
   * Starts `file` (next to this one) under node with the tsx loader, so the pid is the process
   * doing the work; its stdout and stderr go to our stderr to keep the table clean.
   */
  static start<R extends { type: string }, Q extends object>(
    file: string,
    options: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
  ): BenchChild<R, Q> {
    const path = fileURLToPath(new URL(file, import.meta.url));
    const child = fork(path, options.args ?? [], {
      execArgv: ['--import', 'tsx'],
      env: options.env ?? process.env,
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    return new BenchChild<R, Q>(file, child);
  }

  send(message: Request): void {
    this.child.send(message);
  }

  /** The next report of `type` (possibly one that already arrived), or an error after `timeoutMs`. */
  waitFor<T extends Report['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Report, { type: T }>> {
    const i = this.inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0] as Extract<Report, { type: T }>);
    if (!live.has(this.child)) return Promise.reject(new Error(`${this.name} is not running`));
    return new Promise((resolve, reject) => {
      const waiter = {
        type,
        resolve: (m: Report) => {
          clearTimeout(timer);
          resolve(m as Extract<Report, { type: T }>);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.name}: no '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends `request` and waits for the report of `type` that answers it. */
  async ask<T extends Report['type']>(request: Request, type: T, timeoutMs = 10_000) {
    this.send(request);
    return this.waitFor(type, timeoutMs);
  }

  /** Asks the child to stop (SIGTERM) and waits for it; kills it after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    if (!live.has(this.child)) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the child to exit by itself; kills it after `timeoutMs`. */
  async exit(timeoutMs: number): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private deliver(message: Report): void {
    const i = this.waiters.findIndex((w) => w.type === message.type);
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(message);
    else this.inbox.push(message);
  }
}

/** Kills every child still running; for error paths and SIGINT. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

/** How a child process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process under a name, with its end as a promise. */
export interface NamedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<ProcessExit>;
}

export interface SpawnNamedOptions {
  name: string;
  /** Arguments to node; `--import tsx` runs TypeScript entries. */
  args: string[];
  env: Record<string, string | undefined>;
  /** Each line of the child's output prefixed with its name (`[node-1] …`); otherwise the terminal's own. */
  prefixOutput: boolean;
}

/**
 * Starts node with `args` in a process group of its own, so a Ctrl-C at the terminal reaches
 * only the runner, which stops its children in order.
 */
export function spawnNamed(options: SpawnNamedOptions): NamedProcess {
  const child = spawn(process.execPath, options.args, {
    env: options.env,
    detached: true,
    stdio: options.prefixOutput ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (options.prefixOutput) {
    prefixLines(child.stdout, `[${options.name}] `, process.stdout);
    prefixLines(child.stderr, `[${options.name}] `, process.stderr);
  }
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A process that could not start at all ends here too.
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  return { name: options.name, child, exited };
}

/** Whether the process is still running. */
export function isRunning(named: NamedProcess): boolean {
  return named.child.exitCode === null && named.child.signalCode === null;
}

/** SIGTERM, then SIGKILL when it has not ended within `graceMs`. */
export async function stopGracefully(named: NamedProcess, graceMs: number): Promise<ProcessExit> {
  if (!isRunning(named)) return named.exited;
  named.child.kill('SIGTERM');
  const timer = new AbortController();
  const ended = await Promise.race([
    named.exited,
    delay(graceMs, null, { signal: timer.signal }).catch(() => null),
  ]);
  timer.abort();
  if (ended) return ended;
  named.child.kill('SIGKILL');
  return named.exited;
}

/**
 * Resolves once `url` answers 200, polling every `everyMs`; rejects when the process ends first
 * or `abort` fires. No deadline: a first run seeds the demo before it listens.
 */
export async function waitUntilAnswering(
  url: string,
  named: NamedProcess,
  abort: AbortSignal,
  everyMs = 500,
): Promise<void> {
  let ended: ProcessExit | null = null;
  void named.exited.then((exit) => (ended = exit));
  for (;;) {
    if (abort.aborted) throw new Error(`stopped while waiting for ${named.name}`);
    if (ended) throw new Error(`${named.name} ended before it answered (${describeExit(ended)})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(everyMs);
  }
}

export function describeExit(exit: ProcessExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? 'could not start' : `exit code ${exit.code}`;
}

function prefixLines(
  stream: NodeJS.ReadableStream | null,
  prefix: string,
  out: NodeJS.WritableStream,
): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    out.write(`${prefix}${line}\n`),
  );
}

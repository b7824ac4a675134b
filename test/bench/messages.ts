/** IPC messages between the bench orchestrator and its child processes. */

/** What the orchestrator asks a target (server or bare sink). */
export type TargetRequest =
  | { type: 'stats' }
  | { type: 'count-pings' }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; path: string }
  /** The stops' tracking links (the server's `customers.links`), for the tracking pages. */
  | { type: 'tracking-links'; stopIds: number[] };

/** What a target tells the orchestrator. */
export type TargetReport =
  | { type: 'listening'; port: number; osmandPort?: number }
  | { type: 'stats'; cpuMicros: number; rssBytes: number }
  | { type: 'count'; rows: number }
  | { type: 'profile-started' }
  | { type: 'profile-saved'; path: string }
  | { type: 'tracking-links'; links: [stopId: number, url: string][] };

/** What the orchestrator sends a load process once it is forked. */
export interface LoadStart {
  type: 'start';
  tokens: string[];
}

/** Totals of one load run; latencies cover acks that arrived in the measured window. */
export interface LoadResult {
  measuredSeconds: number;
  /** Pings in `ok: true` acks that arrived in the measured window. */
  measuredPings: number;
  pingsPerSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /** Every ok ack of the run, warm-up and drain included: pings sent and `stored` reported. */
  totalAckedPings: number;
  totalStored: number;
  overloadedAcks: number;
  errorAcks: number;
  /** Batches still without an ok ack when the drain deadline passed. */
  unresolvedBatches: number;
  /** CPU of the load process itself over the measured window, % of one core. */
  loadCpuPercent: number;
}

/** What a load process tells the orchestrator, in this order. */
export type LoadReport =
  | { type: 'connected' }
  | { type: 'measure-start' }
  | { type: 'measure-end' }
  | { type: 'result'; result: LoadResult };

/** Reads `--name value` flags over defaults; numbers stay numbers. */
export function parseFlags<T extends Record<string, string | number>>(
  argv: string[],
  defaults: T,
): T {
  const out: Record<string, string | number> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    const [rawKey, inline] = arg.split('=', 2) as [string, string | undefined];
    const key = rawKey.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!rawKey.startsWith('--') || !(key in defaults)) throw new Error(`unknown flag ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`flag ${rawKey} needs a value`);
    if (typeof defaults[key] === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`flag ${rawKey} needs a number, got ${value}`);
      out[key] = n;
    } else out[key] = value;
  }
  return out as T;
}

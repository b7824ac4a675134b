/** IPC messages between `pnpm bench:abuse` and its abuse process. */

/** What one kind of abuse met. */
export interface AbuseKind {
  name: string;
  requests: number;
  /** Answers by HTTP status; `closed` when the connection ended without one. */
  statuses: Record<string, number>;
  p50Ms: number;
}

export interface AbuseResult {
  seconds: number;
  kinds: AbuseKind[];
  /** CPU of the abuse process over the run, % of one core (it shares the machine with the server). */
  cpuPercent: number;
}

export type AbuseReport = { type: 'started' } | { type: 'result'; result: AbuseResult };
export type AbuseRequest = { type: 'stop' };

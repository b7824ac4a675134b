/** How often the count of logged, unsent messages is summed up at info. */
export const LOGGED_SUMMARY_EVERY_MS = 60_000;

/**
 * Keeps the log readable without an email or SMS transport: a channel's first logged message is
 * worth a line at info, the rest are counted and summed up once per period (a demo day logs
 * thousands). Pure: the caller passes the time.
 */
export class LoggedTally {
  private readonly announced = new Set<string>();
  private counts = new Map<string, number>();
  private lastSummaryMs: number | null = null;

  constructor(private readonly everyMs = LOGGED_SUMMARY_EVERY_MS) {}

  /** Counts one logged message; `first` for the channel's first one, to be logged at info. */
  note(channel: string, nowMs: number): 'first' | 'counted' {
    this.lastSummaryMs ??= nowMs;
    if (!this.announced.has(channel)) {
      this.announced.add(channel);
      return 'first';
    }
    this.counts.set(channel, (this.counts.get(channel) ?? 0) + 1);
    return 'counted';
  }

  /** The counts per channel since the last summary when one is due, then starts over; else null. */
  summaryDue(nowMs: number): Map<string, number> | null {
    if (this.counts.size === 0 || this.lastSummaryMs === null) return null;
    if (nowMs - this.lastSummaryMs < this.everyMs) return null;
    const counts = this.counts;
    this.counts = new Map();
    this.lastSummaryMs = nowMs;
    return counts;
  }
}

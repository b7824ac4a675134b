import { RateLimiter } from '../http/rate-limit';

/** How much one source address may ask of the OsmAnd listener. */
export interface OsmAndGateLimits {
  /** Requests per minute per address (carrier NAT puts many trackers behind one address). */
  requestsPerMinute: number;
  /** Refused device ids per minute per address before the address is shut out. */
  unknownIdsPerMinute: number;
  /** How long an address that guessed too many ids is answered 429, ms. */
  blockMs: number;
}

export const DEFAULT_OSMAND_GATE_LIMITS: OsmAndGateLimits = {
  requestsPerMinute: 1200,
  unknownIdsPerMinute: 20,
  blockMs: 15 * 60_000,
};

/** Addresses remembered at most, per table: the oldest are dropped first. */
const MAX_ADDRESSES = 10_000;

/**
 * Which source addresses the OsmAnd listener still answers: a request budget per address, and an
 * address that sent too many ids no courier owns (someone guessing) shut out for a while.
 * In memory and bounded; pure apart from the clock it is handed.
 */
export class OsmAndGate {
  private readonly requests: RateLimiter;
  private readonly unknownIds: RateLimiter;
  /** Once a minute per address, a refusal is worth recording. */
  private readonly reports = new RateLimiter(1, 60_000, MAX_ADDRESSES);
  /** Address → end of its shut-out, epoch ms. */
  private readonly blocked = new Map<string, number>();

  constructor(private readonly limits: OsmAndGateLimits = DEFAULT_OSMAND_GATE_LIMITS) {
    this.requests = new RateLimiter(limits.requestsPerMinute, 60_000, MAX_ADDRESSES);
    this.unknownIds = new RateLimiter(limits.unknownIdsPerMinute, 60_000, MAX_ADDRESSES);
  }

  /** Counts a request; false when the address is shut out or over its budget. */
  admit(address: string, now: number): boolean {
    const until = this.blocked.get(address);
    if (until !== undefined) {
      if (now < until) return false;
      this.blocked.delete(address);
    }
    return this.requests.take(address, now);
  }

  /**
   * Counts an id no courier owns (or may use) from `address`, shutting the address out once it
   * sent too many; says whether this refusal should be recorded (the first in a minute).
   */
  refused(address: string, now: number): { record: boolean } {
    if (!this.unknownIds.take(address, now)) {
      if (this.blocked.size >= MAX_ADDRESSES) {
        const oldest = this.blocked.keys().next().value;
        if (oldest !== undefined) this.blocked.delete(oldest);
      }
      this.blocked.set(address, now + this.limits.blockMs);
    }
    return { record: this.reports.take(address, now) };
  }
}

import { DomainError } from '@dispatch/shared';
import type { MissLimiter } from './miss-limiter';
import type { TrackingLinks } from './tracking-links';

/** What every refusal of a token says: unknown, expired and malformed look the same. */
export const NOT_A_LINK = 'This link is not valid';

/**
 * The one door of the tracking page's routes and socket: a token opens its stop, and each client
 * address gets few tries at tokens that open nothing (`MissLimiter`).
 */
export class TrackingGate {
  constructor(
    private readonly links: Pick<TrackingLinks, 'stopIdFor'>,
    private readonly limiter: MissLimiter,
  ) {}

  /**
   * The stop `token` opens for a request from `client`; `rate_limited` (with the seconds to wait
   * in `retryAfterS`) when the address has had its tries, `not_found` for anything else.
   */
  async open(token: unknown, client: string): Promise<number> {
    if (!this.limiter.allows(client)) {
      const retryAfterS = Math.max(1, Math.ceil(this.limiter.resetsInMs(client) / 1000));
      throw Object.assign(
        new DomainError('rate_limited', `Too many tries; wait ${retryAfterS} s and try again`),
        { retryAfterS },
      );
    }
    const stopId = typeof token === 'string' ? await this.links.stopIdFor(token) : null;
    if (stopId === null) {
      this.limiter.miss(client);
      throw new DomainError('not_found', NOT_A_LINK);
    }
    this.limiter.hit(client);
    return stopId;
  }
}

/** The seconds a `rate_limited` refusal from {@link TrackingGate.open} asks to wait. */
export function retryAfterOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null || !('retryAfterS' in err)) return null;
  return typeof err.retryAfterS === 'number' ? err.retryAfterS : null;
}

import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '@dispatch/shared';

/** Who may read `/metrics` on a listener. */
export interface MetricsAccess {
  /** `METRICS_TOKEN`: when set, every scrape sends `Authorization: Bearer <token>`. */
  token: string | null;
  /**
   * Without a token: answer only requests from this machine that came through no proxy (the main
   * port), or anyone who can reach the listener (a separate one, bound where the operator chose).
   */
  loopbackOnly: boolean;
}

/** What `/metrics` needs to know about a request to decide. */
export interface ScrapeRequest {
  /** The TCP peer's address (never `X-Forwarded-For`). */
  remoteAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Whether a peer address is this machine. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/**
 * Throws `unauthorized` (wrong or missing token) or `forbidden` (not from this machine) unless the
 * scrape is allowed. A request carrying forwarding headers came through a proxy, which may run
 * on this machine for anyone: it is not taken as local.
 */
export function checkScrape(access: MetricsAccess, request: ScrapeRequest): void {
  if (access.token !== null) {
    const header = request.headers.authorization;
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!sameSecret(given.trim(), access.token))
      throw new DomainError('unauthorized', 'send the metrics token as Authorization: Bearer');
    return;
  }
  if (!access.loopbackOnly) return;
  const forwarded =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (!isLoopback(request.remoteAddress) || forwarded)
    throw new DomainError(
      'forbidden',
      'metrics are served to this machine only; set METRICS_TOKEN or METRICS_PORT to scrape from elsewhere',
    );
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

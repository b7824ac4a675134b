import { describe, expect, it } from 'vitest';
import { checkScrape, isLoopback, type MetricsAccess } from './metrics-access';

const LOCAL_ONLY: MetricsAccess = { token: null, loopbackOnly: true };
const WITH_TOKEN: MetricsAccess = { token: 'scrape-token-0123456789', loopbackOnly: true };
const OWN_LISTENER: MetricsAccess = { token: null, loopbackOnly: false };

/** The error code a scrape is refused with, or 'allowed'. */
function outcome(
  access: MetricsAccess,
  remoteAddress: string,
  headers: Record<string, string> = {},
): string {
  try {
    checkScrape(access, { remoteAddress, headers });
    return 'allowed';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('who may scrape /metrics', () => {
  it('without a token: this machine only, over IPv4 or IPv6', () => {
    expect(outcome(LOCAL_ONLY, '127.0.0.1')).toBe('allowed');
    expect(outcome(LOCAL_ONLY, '::1')).toBe('allowed');
    expect(outcome(LOCAL_ONLY, '::ffff:127.0.0.1')).toBe('allowed');
    expect(outcome(LOCAL_ONLY, '10.0.0.7')).toBe('forbidden');
    expect(outcome(LOCAL_ONLY, '::ffff:10.0.0.7')).toBe('forbidden');
  });

  it('without a token: not a request a proxy on this machine forwarded', () => {
    expect(outcome(LOCAL_ONLY, '127.0.0.1', { 'x-forwarded-for': '127.0.0.1' })).toBe('forbidden');
    expect(outcome(LOCAL_ONLY, '127.0.0.1', { forwarded: 'for=203.0.113.9' })).toBe('forbidden');
  });

  it('with a token: the right bearer from anywhere, nothing else even locally', () => {
    const bearer = { authorization: 'Bearer scrape-token-0123456789' };
    expect(outcome(WITH_TOKEN, '203.0.113.9', bearer)).toBe('allowed');
    expect(outcome(WITH_TOKEN, '127.0.0.1')).toBe('unauthorized');
    expect(
      outcome(WITH_TOKEN, '127.0.0.1', { authorization: 'Bearer scrape-token-01234567' }),
    ).toBe('unauthorized');
    expect(outcome(WITH_TOKEN, '127.0.0.1', { authorization: 'scrape-token-0123456789' })).toBe(
      'unauthorized',
    );
  });

  it('on its own listener without a token: whoever reaches that address', () => {
    expect(outcome(OWN_LISTENER, '10.0.0.7')).toBe('allowed');
  });

  it('knows loopback addresses from others', () => {
    expect(isLoopback('127.10.0.1')).toBe(true);
    expect(isLoopback('1127.0.0.1')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { isLoopbackHost, sessionCookieSecure } from './session-cookie';

describe('session cookie Secure flag', () => {
  it('is off on a loopback host, where the console is reached over http', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(sessionCookieSecure(undefined, host)).toBe(false);
  });

  it('is on when the server listens on a network', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'dispatch.example.com'])
      expect(sessionCookieSecure(undefined, host)).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('is on with HOST=0.0.0.0 unless COOKIE_SECURE=false is set', () => {
    const secure = (env: Record<string, string>) => {
      const config = loadConfig(env);
      return sessionCookieSecure(config.COOKIE_SECURE, config.HOST);
    };
    expect(secure({})).toBe(false);
    expect(secure({ HOST: '0.0.0.0' })).toBe(true);
    expect(secure({ HOST: '0.0.0.0', COOKIE_SECURE: 'false' })).toBe(false);
  });

  it('follows COOKIE_SECURE when set on purpose', () => {
    expect(sessionCookieSecure(false, '0.0.0.0')).toBe(false);
    expect(sessionCookieSecure(true, '127.0.0.1')).toBe(true);
  });
});

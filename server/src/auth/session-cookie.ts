import { isIP } from 'node:net';

/** Whether the server listens only on this machine (`HOST`), where the console is reached over http. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return isLoopbackHost(h.slice('::ffff:'.length));
  return h === '::1';
}

/**
 * Whether session cookies carry `Secure` (sent over HTTPS only): as `COOKIE_SECURE` says when
 * set, else unless the server listens on a loopback address only.
 */
export function sessionCookieSecure(cookieSecure: boolean | undefined, host: string): boolean {
  return cookieSecure ?? !isLoopbackHost(host);
}

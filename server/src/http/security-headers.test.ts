import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashesOf } from './console-scripts';
import {
  HSTS_HEADER,
  contentSecurityPolicy,
  mapOrigins,
  registerSecurityHeaders,
  type SecurityHeaderOptions,
} from './security-headers';

/** A server with the security headers and one route, behind a trusted proxy when asked. */
async function serverWith(options: SecurityHeaderOptions, trustProxy = false) {
  const http = Fastify({ trustProxy });
  await registerSecurityHeaders(http, options);
  http.get('/page', async () => 'ok');
  await http.ready();
  return http;
}

/** The policy header split into its directives. */
function directives(header: string | string[] | number | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('the content security policy', () => {
  it('allows scripts from the server and the console’s hashed inline script only', async () => {
    const http = await serverWith({ scriptHashes: ['sha256-abc='] });
    const res = await http.inject({ method: 'GET', url: '/page' });
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'", "'sha256-abc='"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    await http.close();
  });

  it('lets MapLibre start blob: workers and the courier app show blob: photos', () => {
    const csp = contentSecurityPolicy({});
    expect(csp['worker-src']).toContain('blob:');
    expect(csp['child-src']).toContain('blob:');
    expect(csp['img-src']).toEqual(expect.arrayContaining(['blob:', 'data:']));
  });

  it('allows map data from the configured map origins, and no other host', () => {
    const origins = mapOrigins(
      'https://maps.example.com/styles/basic.json?key=k',
      ' https://tiles.example.com  https://glyphs.example.org/ ',
    );
    expect(origins).toEqual([
      'https://maps.example.com',
      'https://tiles.example.com',
      'https://glyphs.example.org',
    ]);
    const csp = contentSecurityPolicy({ mapOrigins: origins });
    expect(csp['connect-src']).toEqual(["'self'", ...origins]);
    expect(csp['img-src']).toEqual(expect.arrayContaining(origins));
    expect(mapOrigins(undefined, '')).toEqual([]);
    expect(contentSecurityPolicy({})['connect-src']).toEqual(["'self'"]);
  });

  it('keeps the other helmet headers: nosniff, no framing, same-origin referrer', async () => {
    const http = await serverWith({});
    const res = await http.inject({ method: 'GET', url: '/page' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    await http.close();
  });
});

describe('HSTS', () => {
  it('is not sent over plain HTTP, even when a client claims HTTPS to an untrusted server', async () => {
    const http = await serverWith({ publicUrl: 'http://192.168.1.20:3000' });
    const plain = await http.inject({ method: 'GET', url: '/page' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const claimed = await http.inject({
      method: 'GET',
      url: '/page',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
    await http.close();
  });

  it('is sent when a trusted proxy says the request came over HTTPS', async () => {
    const http = await serverWith({}, true);
    const res = await http.inject({
      method: 'GET',
      url: '/page',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.headers['strict-transport-security']).toBe(HSTS_HEADER);
    await http.close();
  });

  it('is sent on every answer when PUBLIC_URL is https', async () => {
    const http = await serverWith({ publicUrl: 'https://dispatch.example.com' });
    const res = await http.inject({ method: 'GET', url: '/page' });
    expect(res.headers['strict-transport-security']).toBe(HSTS_HEADER);
    await http.close();
  });
});

describe('inline script hashes', () => {
  it('hashes inline scripts as the CSP specification does, skipping scripts with a src', () => {
    // The specification's own example.
    const html =
      '<script type="module" src="/_app/start.js"></script>' +
      "<script>alert('Hello, world.');</script>";
    expect(inlineScriptHashesOf(html)).toEqual([
      'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=',
    ]);
    expect(inlineScriptHashesOf('<script src="/a.js"></script><script> </script>')).toEqual([]);
  });
});

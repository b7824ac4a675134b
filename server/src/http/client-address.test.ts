import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config';
import { clientAddress, parseTrustProxy, type TrustProxy } from './client-address';
import { createHttpServer } from './http-server';

/** A request that came over a connection from `peer` with these `X-Forwarded-For` hops. */
function requestFrom(peer: string, forwardedFor?: string): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: peer });
  const request = new IncomingMessage(socket);
  if (forwardedFor) request.headers['x-forwarded-for'] = forwardedFor;
  return request;
}

describe('TRUST_PROXY', () => {
  it('reads off, on, and lists of addresses and ranges', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16,loopback')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
    ]);
  });

  it('refuses an entry that is not an address or range', () => {
    expect(() => parseTrustProxy('10.0.0.1,proxy.example.com')).toThrow(/invalid IP address/);
  });

  it('is off unless set, and a bad list stops the server from starting, naming the setting', () => {
    expect(parseTrustProxy(loadConfig({}).TRUST_PROXY)).toBe(false);
    expect(parseTrustProxy(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY)).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.300' })).toThrow(/TRUST_PROXY/);
  });
});

describe('client address', () => {
  it('is the connection’s address when no proxy is trusted', () => {
    expect(clientAddress(requestFrom('203.0.113.9', '1.1.1.1'), false)).toBe('203.0.113.9');
  });

  it('is the first forwarded address when every proxy is trusted', () => {
    expect(clientAddress(requestFrom('10.0.0.1', '1.1.1.1, 2.2.2.2'), true)).toBe('1.1.1.1');
  });

  it('walks back only through the listed proxies', () => {
    const trust = parseTrustProxy('10.0.0.0/8');
    expect(clientAddress(requestFrom('10.0.0.1', '1.1.1.1, 2.2.2.2'), trust)).toBe('2.2.2.2');
    expect(clientAddress(requestFrom('2.2.2.2', '1.1.1.1'), trust)).toBe('2.2.2.2');
  });

  describe('agrees with what Fastify reports as request.ip', () => {
    const cases: [string, TrustProxy, string, string | undefined][] = [
      ['off', false, '127.0.0.1', '1.1.1.1'],
      ['on', true, '127.0.0.1', '1.1.1.1, 2.2.2.2'],
      ['a list', ['127.0.0.1'], '127.0.0.1', '1.1.1.1, 2.2.2.2'],
      ['a list the peer is not on', ['10.0.0.1'], '127.0.0.1', '1.1.1.1'],
    ];
    const servers: FastifyInstance[] = [];
    beforeAll(async () => {
      for (const [, trust] of cases) {
        const http = await createHttpServer(
          { level: 'silent', format: 'json' },
          { trustProxy: trust },
        );
        http.get('/ip', async (request) => ({ ip: request.ip }));
        await http.ready();
        servers.push(http);
      }
    });
    afterAll(async () => {
      for (const http of servers) await http.close();
    });

    it.each(cases.map((c, i) => [...c, i] as const))(
      '%s',
      async (_name, trust, peer, forwarded, i) => {
        const res = await servers[i]!.inject({
          method: 'GET',
          url: '/ip',
          remoteAddress: peer,
          headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
        });
        expect(res.json()).toEqual({ ip: clientAddress(requestFrom(peer, forwarded), trust) });
      },
    );
  });
});

import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/**
 * Which proxies' `X-Forwarded-For` is believed (`TRUST_PROXY`): none (`false`, the client's
 * address is the connection's), every one (`true`), or those at these addresses and CIDR ranges
 * (`loopback`, `linklocal` and `uniquelocal` name the usual ranges). Fastify takes the same value.
 */
export type TrustProxy = boolean | string[];

/** Reads `TRUST_PROXY`: `true`, `false` (or empty), or a comma-separated list; throws on a bad address. */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  proxyAddr.compile(list);
  return list;
}

/** The test Fastify applies to each hop for the same setting. */
function trusts(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  return proxyAddr.compile(trust);
}

/**
 * The client's address by the rules `request.ip` follows for the same setting: walking
 * `X-Forwarded-For` back from the connection's address while each hop is a trusted proxy. For
 * what Fastify does not see itself, such as Socket.IO handshakes (`socket.request`).
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(request, trusts(trust));
}

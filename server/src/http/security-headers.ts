import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** What the content security policy must allow besides the server's own origin. */
export interface SecurityHeaderOptions {
  /** `'sha256-…'` sources of the built console's inline scripts (SvelteKit's bootstrap). */
  scriptHashes?: readonly string[];
  /** Origins the map's style, tiles, sprites and glyphs come from (MAP_STYLE_URL and its hosts). */
  mapOrigins?: readonly string[];
  /** Where browsers reach the server (PUBLIC_URL); an `https:` one turns on HSTS for every answer. */
  publicUrl?: string | null;
}

/** HSTS for a year, subdomains included; sent only on answers that reached the browser over TLS. */
export const HSTS_HEADER = 'max-age=31536000; includeSubDomains';

/**
 * The content security policy of every answer: scripts only from the server (and the console's
 * hashed inline bootstrap), MapLibre's blob: workers, the camera's blob: photo previews, Socket.IO
 * on the same origin, map data from the configured map origins, and no framing.
 */
export function contentSecurityPolicy(
  options: SecurityHeaderOptions,
): Record<string, readonly string[]> {
  const scriptHashes = (options.scriptHashes ?? []).map((h) => `'${h}'`);
  const map = options.mapOrigins ?? [];
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'script-src-attr': ["'none'"],
    // Svelte and MapLibre set style attributes; styles cannot run code.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...map],
    'font-src': ["'self'", 'data:', ...map],
    // 'self' covers same-origin ws:/wss: (Socket.IO) in CSP level 3.
    'connect-src': ["'self'", ...map],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** The origins map data comes from: MAP_STYLE_URL's and MAP_TILE_ORIGINS (space-separated). */
export function mapOrigins(styleUrl: string | undefined, tileOrigins: string): string[] {
  const origins = new Set<string>();
  if (styleUrl) origins.add(new URL(styleUrl).origin);
  for (const origin of tileOrigins.split(/\s+/).filter(Boolean))
    origins.add(new URL(origin).origin);
  return [...origins];
}

/** Whether an answer to this request may carry HSTS: it came over TLS (the proxy's word is trusted). */
export function servesOverTls(protocol: string, publicUrl: string | null | undefined): boolean {
  return protocol === 'https' || (publicUrl ?? '').startsWith('https://');
}

/**
 * Helmet's headers with the policy above, and HSTS only over TLS: a laptop or LAN server on plain
 * HTTP must not tell browsers to insist on HTTPS (nor to upgrade its requests).
 */
export async function registerSecurityHeaders(
  http: FastifyInstance,
  options: SecurityHeaderOptions,
): Promise<void> {
  const directives = contentSecurityPolicy(options);
  await http.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(directives).map(([k, v]) => [k, [...v]])),
    },
    strictTransportSecurity: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  http.addHook('onRequest', async (request, reply) => {
    if (servesOverTls(request.protocol, options.publicUrl))
      reply.header('strict-transport-security', HSTS_HEADER);
  });
}

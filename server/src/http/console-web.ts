import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/**
 * The built console (a static SvelteKit app) at `/` when its folder exists; its client-side
 * routes fall back to its shell. Who: anyone (the pages sign in through the API).
 */
export const consoleWebPlugin: FastifyPluginAsync<{ webDir: string }> = async (app, { webDir }) => {
  if (!existsSync(webDir)) return;
  await app.register(fastifyStatic, { root: webDir, wildcard: false });
  app.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
};

import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '@dispatch/shared';
import { installErrorHandler } from './errors';
import { validatorCompiler } from './validation';

/**
 * The HTTP side every capability registers on: typed errors, strict body validation, security
 * headers, cookies and the OpenAPI document at `/docs`.
 */
export async function createHttpServer(logLevel: string): Promise<FastifyInstance> {
  const http = Fastify({
    logger: { level: logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  http.setValidatorCompiler(validatorCompiler);
  installErrorHandler(http);
  http.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });
  await http.register(cookie);
  await http.register(swagger, {
    openapi: {
      info: { title: 'Dispatch control tower API', version: `protocol ${PROTOCOL_VERSION}` },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sid' },
          deviceToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }],
    },
  });
  await http.register(swaggerUi, { routePrefix: '/docs' });
  return http;
}

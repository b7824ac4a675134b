import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { PROTOCOL_VERSION } from '@dispatch/shared';
import { installErrorHandler } from './errors';
import { validatorCompiler } from './validation';

/** One line per request, at debug level (`LOG_LEVEL=debug`), instead of two at info. */
class RequestLinesAtDebug extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error) return super.requestCompleted(error, request, reply, metadata);
    reply.log.debug(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  }
}

/**
 * The HTTP side every capability registers on: typed errors, strict body validation, security
 * headers, cookies and the OpenAPI document at `/docs`.
 */
export async function createHttpServer(log: {
  level: string;
  format: 'json' | 'pretty';
  /** Where JSON lines go (stdout by default). */
  stream?: { write(line: string): void };
}): Promise<FastifyInstance> {
  const http = Fastify({
    logger: {
      level: log.level,
      ...(log.stream ? { stream: log.stream } : {}),
      // Readable lines are formatted on pino's worker thread, never on the event loop.
      ...(log.format === 'pretty'
        ? {
            transport: {
              target: 'pino-pretty',
              options: {
                translateTime: 'SYS:HH:MM:ss',
                ignore: 'pid,hostname,reqId',
                singleLine: true,
              },
            },
          }
        : {}),
    },
    logController: new RequestLinesAtDebug(),
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

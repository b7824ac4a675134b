import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { PROTOCOL_VERSION } from '@dispatch/shared';
import type { TrustProxy } from './client-address';
import { frameworkErrorReply, installErrorHandler } from './errors';
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
 * The body limit of a route that sets none: the console's largest request (a hub assignment of
 * 5000 stops) fits. Routes taking more say so (stop imports, ping batches; photos are multipart).
 */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The HTTP side every capability registers on: typed errors, strict body validation, cookies
 * and the OpenAPI document (its page is served by `ops/`). The security headers are registered
 * next (`registerSecurityHeaders`), with what the console being served needs.
 */
export async function createHttpServer(
  log: {
    level: string;
    format: 'json' | 'pretty';
    /** Where JSON lines go (stdout by default). */
    stream?: { write(line: string): void };
  },
  /** Whose `X-Forwarded-For` `request.ip` believes (`TRUST_PROXY`; none by default). */
  network: { trustProxy: TrustProxy } = { trustProxy: false },
): Promise<FastifyInstance> {
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
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    frameworkErrors: frameworkErrorReply,
    trustProxy: network.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();
  http.setValidatorCompiler(validatorCompiler);
  installErrorHandler(http);
  await http.register(cookie);
  await http.register(swagger, {
    openapi: {
      info: { title: 'Dispatch control tower API', version: `protocol ${PROTOCOL_VERSION}` },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sid' },
          deviceToken: { type: 'http', scheme: 'bearer' },
          shopApiKey: { type: 'http', scheme: 'bearer', description: "a shop's API key" },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
        },
      },
      security: [{ session: [] }],
    },
  });
  return http;
}

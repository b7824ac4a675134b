import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseCode } from '../db/conflict-retry';
import { DomainError, type ErrorCode, type WireError } from '@dispatch/shared';

/** HTTP status for each wire error code. */
export const STATUS_OF: Record<ErrorCode, number> = {
  invalid: 400,
  too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  overloaded: 503,
  unavailable: 503,
  rate_limited: 429,
  internal: 500,
};

export function sendError(reply: FastifyReply, error: WireError): FastifyReply {
  if (error.code === 'overloaded' || error.code === 'unavailable') reply.header('retry-after', '2');
  return reply.status(STATUS_OF[error.code]).send(error);
}

/**
 * Fastify's own refusals before a route is found (a URL whose percent-encoding is not UTF-8, a
 * path parameter over the length limit) leave as typed errors too: the `frameworkErrors` option
 * of every server.
 */
export function frameworkErrorReply(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) {
    request.log.error({ err: error }, 'request failed');
    void sendError(reply, { code: 'internal', message: 'internal error' });
    return;
  }
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a part of the URL is too long'
      : 'the URL is not valid (malformed percent-encoding)';
  void reply.status(status).send({ code: 'invalid', message });
}

/**
 * PostgreSQL errors about a value: numeric out of range, text that is not a number of the
 * column's type, untranslatable character, NUL in text, a date out of range.
 */
const VALUE_REFUSED_BY_DATABASE = new Set(['22003', '22P02', '22P05', '22021', '22008']);

/** Every error leaves as `{ code, message, details? }`; internals of 5xx are logged, not sent. */
export function installErrorHandler(app: FastifyInstance, notFoundHint = ''): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) return sendError(reply, error.toWire());
    const fe = error as FastifyError;
    if (fe.validation) {
      return sendError(reply, {
        code: 'invalid',
        message: `${fe.validationContext ?? 'request'}: ${fe.message}`,
        details: fe.validation
          .slice(0, 10)
          .map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' })),
      });
    }
    if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, { code: 'too_large', message: 'request body is too large' });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code: ErrorCode =
        fe.statusCode === 404
          ? 'not_found'
          : fe.statusCode === 401
            ? 'unauthorized'
            : fe.statusCode === 403
              ? 'forbidden'
              : fe.statusCode === 429
                ? 'rate_limited'
                : 'invalid';
      return reply.status(fe.statusCode).send({ code, message: fe.message });
    }
    // The database refusing a value the request carried (a number past its integer, a NUL in
    // text) is the request's fault, like any other invalid value.
    if (VALUE_REFUSED_BY_DATABASE.has(databaseCode(error) ?? '')) {
      return sendError(reply, {
        code: 'invalid',
        message: 'a value in the request is out of range or cannot be stored',
      });
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, { code: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, {
      code: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0]}${notFoundHint}`,
    }),
  );
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  DomainError,
  OrderCreatedSchema,
  OrderHeadersSchema,
  OrderInputSchema,
} from '@dispatch/shared';
import { RateLimiter } from '../http/rate-limit';
import { errorResponses } from '../http/schemas';
import type { ApiKeyAuth, ApiKeyCaller } from './api-key-auth';
import { idempotencyKeyOf } from './order-input';
import type { OrderService } from './order-service';

/** Orders one key may send per minute: a shop's busiest hour, not a runaway loop. */
export const ORDERS_PER_MINUTE = 600;

export interface OrderRoutesOptions {
  orders: OrderService;
  auth: ApiKeyAuth;
  ordersPerMinute?: number;
}

/**
 * `POST /api/v1/orders`: machine clients with a shop's API key only (a console session does not
 * count), one order per request, once per `Idempotency-Key`.
 */
export const orderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (
  app,
  { orders, auth, ordersPerMinute = ORDERS_PER_MINUTE },
) => {
  const limiter = new RateLimiter(ordersPerMinute, 60_000);
  const callers = new WeakMap<FastifyRequest, ApiKeyCaller>();

  app.post(
    '/api/v1/orders',
    {
      // Who: a shop's API key, before the body is read; the order goes to the key's hub.
      onRequest: async (request) => {
        const caller = await auth.callerFor(request.headers.authorization);
        if (!limiter.take(String(caller.keyId)))
          throw new DomainError(
            'rate_limited',
            `at most ${ordersPerMinute} orders a minute per API key; wait a moment`,
          );
        callers.set(request, caller);
      },
      // A missing or malformed key is named before any problem with the body.
      preValidation: async (request) => {
        idempotencyKeyOf(request.headers['idempotency-key']);
      },
      schema: {
        tags: ['orders'],
        summary:
          "Create an order at the API key's hub: its delivery (and a pickup first, when given) and the customer's tracking link. Send an Idempotency-Key: the same key and body answer the first answer again; the same key with another body is a conflict.",
        security: [{ shopApiKey: [] }],
        headers: OrderHeadersSchema,
        body: OrderInputSchema,
        response: { 201: OrderCreatedSchema, ...errorResponses(400, 401, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const caller = callers.get(request)!;
      const key = idempotencyKeyOf(request.headers['idempotency-key']);
      const answer = await orders.create(caller, key, request.body);
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      // Only created orders are kept for replays (a refusal writes nothing): always a 201.
      return reply.status(answer.statusCode as 201).send(answer.body);
    },
  );
};

import type { FastifyPluginAsync } from 'fastify';
import type { Guard } from '../auth/guard';
import type { Orm } from '../db/client';
import type { StopService } from '../stops/stop-service';
import type { TrackingLinks } from '../tracking/tracking-links';
import { ApiKeyAuth } from './api-key-auth';
import { IdempotencyKeys } from './idempotency-keys';
import { orderRoutes } from './order-routes';
import { OrderService } from './order-service';
import { shopRoutes } from './shop-routes';
import { ShopService } from './shop-service';

export interface OrdersPluginOptions {
  orm: Orm;
  guard: Guard;
  /** The stop import the orders go through, and what tells consoles of new stops. */
  stops: Pick<StopService, 'withImportDefaults' | 'importWithin' | 'announceImport'>;
  links: Pick<TrackingLinks, 'linkFor'>;
  /** Orders one API key may send per minute. */
  ordersPerMinute?: number;
}

/** Orders from shops: shops and API keys for admins, `POST /api/v1/orders` for shops' systems. */
export const ordersPlugin: FastifyPluginAsync<OrdersPluginOptions> = async (
  app,
  { orm, guard, stops, links, ordersPerMinute },
) => {
  await app.register(shopRoutes, { shops: new ShopService(orm), guard });
  const orders = new OrderService({ orm, stops, links, idempotency: new IdempotencyKeys(orm) });
  await app.register(orderRoutes, {
    orders,
    auth: new ApiKeyAuth(orm),
    ...(ordersPerMinute ? { ordersPerMinute } : {}),
  });
};

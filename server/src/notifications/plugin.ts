import type { FastifyPluginAsync } from 'fastify';
import type { Guard } from '../auth/guard';
import type { Database } from '../db/client';
import { DeliveryLog } from './delivery-log';
import { notificationRoutes } from './routes';
import { WebhookAdmin } from './webhook-admin';

export interface NotificationsPluginOptions {
  db: Database;
  guard: Guard;
  /** The running sender, woken when a delivery is queued again. */
  sender: { wake(): void };
}

/** Webhooks and the notifications log over REST (`routes.ts`). */
export const notificationsPlugin: FastifyPluginAsync<NotificationsPluginOptions> = async (
  app,
  { db, guard, sender },
) => {
  await app.register(notificationRoutes, {
    webhooks: new WebhookAdmin(db.orm),
    deliveries: new DeliveryLog(db.orm),
    guard,
    wake: () => sender.wake(),
  });
};

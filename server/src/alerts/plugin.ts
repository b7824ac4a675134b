import type { FastifyPluginAsync } from 'fastify';
import { AlertAckRequestSchema, compileValidator } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { DomainBus } from '../events/bus';
import type { ConsoleGateway } from '../realtime/console-gateway';
import { alertHub } from './alert-audience';
import type { AlertService } from './alert-service';
import { alertRoutes } from './routes';

const AlertAck = compileValidator(AlertAckRequestSchema, 'alert:ack');

export interface AlertsPluginOptions {
  alerts: AlertService;
  guard: Guard;
  consoles: ConsoleGateway;
  bus: DomainBus;
}

/**
 * Alerts on the console: `GET /api/v1/alerts`, acknowledging over REST or `alert:ack` (anyone on
 * the console, for their hub), and every change pushed as `alert:changed` to the consoles whose
 * user may see the alert's hub.
 */
export const alertsPlugin: FastifyPluginAsync<AlertsPluginOptions> = async (
  app,
  { alerts, guard, consoles, bus },
) => {
  await app.register(alertRoutes, { alerts, guard });
  consoles.handle('alert:ack', AlertAck, async ({ alertId }, user) => ({
    alert: await alerts.acknowledge(alertId, user.id, guard.scopeOf(user, 'socket alert:ack')),
  }));
  const courierHub = (courierId: number) => consoles.hubOfCouriers([courierId]);
  const off = bus.onLocal('alert:changed', (alert) =>
    consoles.pushToHub(alertHub(alert, courierHub), 'alert:changed', alert),
  );
  app.addHook('onClose', async () => off());
};

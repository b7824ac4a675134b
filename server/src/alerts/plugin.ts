import type { FastifyPluginAsync } from 'fastify';
import { AlertAckRequestSchema, compileValidator } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { DomainBus } from '../events/bus';
import type { ConsoleGateway } from '../realtime/console-gateway';
import { alertAudience } from './alert-audience';
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
 * the console), and every change pushed as `alert:changed` to supervisors, admins and the
 * dispatchers of the alert's hub.
 */
export const alertsPlugin: FastifyPluginAsync<AlertsPluginOptions> = async (
  app,
  { alerts, guard, consoles, bus },
) => {
  await app.register(alertRoutes, { alerts, guard });
  consoles.handle('alert:ack', AlertAck, async ({ alertId }, user) => ({
    alert: await alerts.acknowledge(alertId, user.id),
  }));
  const off = bus.on('alert:changed', (alert) =>
    consoles.push(alertAudience(alert), 'alert:changed', alert),
  );
  app.addHook('onClose', async () => off());
};

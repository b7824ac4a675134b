import type { FastifyPluginAsync } from 'fastify';
import { PING_LIMITS, StopVisitReportSchema, compileValidator } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { DomainBus } from '../events/bus';
import type { CourierGateway } from '../ingest/courier-gateway';
import type { ConsoleGateway } from '../realtime/console-gateway';
import type { ActionFailure } from '../realtime/socket-actions';
import { stopRoutes } from './routes';
import type { StopService } from './stop-service';

const StopVisit = compileValidator(StopVisitReportSchema, 'stop visit');

const VISIT_FAILURE: ActionFailure = {
  code: 'unavailable',
  message: 'could not record the visit; try again',
  logMessage: 'recording a stop visit failed',
};

export interface StopsPluginOptions {
  stops: StopService;
  guard: Guard;
  devices: CourierGateway;
  consoles: ConsoleGateway;
  bus: DomainBus;
}

/**
 * Stops and routes: import and listing over REST, a device's visits to the stops of its own
 * route (`stop:arrived|delivered|failed`), its route pushed as `route:updated` on connect and on
 * every change, and stop and route changes pushed to every console.
 */
export const stopsPlugin: FastifyPluginAsync<StopsPluginOptions> = async (
  app,
  { stops, guard, devices, consoles, bus },
) => {
  await app.register(stopRoutes, { stops, guard });

  for (const outcome of ['arrived', 'delivered', 'failed'] as const) {
    devices.handle(
      `stop:${outcome}`,
      StopVisit,
      async ({ stopId, t, reason }, courierId) => {
        const at = new Date(
          t !== undefined && t <= Date.now() + PING_LIMITS.maxFutureMs ? t : Date.now(),
        );
        await stops.recordVisit(courierId, stopId, outcome, at, reason);
        return {};
      },
      VISIT_FAILURE,
    );
  }
  const pushRoute = (courierId: number) =>
    stops.route(courierId).then(
      (route) => devices.push(courierId, 'route:updated', route),
      (err: unknown) => app.log.error({ err, courierId }, 'could not push the route'),
    );
  devices.onConnection((socket) => void pushRoute(socket.data.courierId));

  const offs = [
    bus.on('routes:changed', (courierIds) => {
      for (const id of courierIds) void pushRoute(id);
      stops.routeVersions(courierIds).then(
        (versions) => {
          for (const { courierId, version } of versions)
            consoles.push('everyone', 'route:changed', { courierId, version });
        },
        (err: unknown) => app.log.error({ err }, 'could not announce route changes'),
      );
    }),
    bus.on('stops:changed', (changes) => consoles.push('everyone', 'stop:changed', changes)),
    bus.on('etas:changed', (changes) => consoles.push('everyone', 'stop:changed', changes)),
  ];
  app.addHook('onClose', async () => {
    for (const off of offs) off();
  });
};

import type { FastifyPluginAsync } from 'fastify';
import { StopVisitReportSchema, compileValidator, type StopChange } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { DomainBus } from '../events/bus';
import type { FleetState } from '../fleet/fleet-state';
import type { CourierGateway } from '../ingest/courier-gateway';
import type { ConsoleGateway } from '../realtime/console-gateway';
import { groupByHub } from '../realtime/console-rooms';
import type { ActionFailure } from '../realtime/socket-actions';
import { stopRoutes } from './routes';
import type { StopEditor } from './stop-editor';
import type { StopService } from './stop-service';
import type { VisitRecorder } from './visit-recorder';
import { VISIT_OUTCOMES } from './visit-rules';

const StopVisit = compileValidator(StopVisitReportSchema, 'stop visit');

const VISIT_FAILURE: ActionFailure = {
  code: 'unavailable',
  message: 'could not record the visit; try again',
  logMessage: 'recording a stop visit failed',
};

export interface StopsPluginOptions {
  stops: StopService;
  /** Applies a device's visits, each once per action id. */
  visits: VisitRecorder;
  editor: StopEditor;
  guard: Guard;
  devices: CourierGateway;
  consoles: ConsoleGateway;
  bus: DomainBus;
  /** Where each courier is: its latest fix bounds and places a reported visit. */
  fleet: Pick<FleetState, 'get'>;
}

/**
 * Stops and routes: import (with its dry run), listing and editing over REST, a device's visits to the stops of its own
 * route (`stop:en_route|arrived|delivered|failed`, each applied once per `actionId`), its route
 * pushed as `route:updated` on connect and on every change, and stop and route changes pushed to
 * the consoles that may see their hub.
 */
export const stopsPlugin: FastifyPluginAsync<StopsPluginOptions> = async (
  app,
  { stops, visits, editor, guard, devices, consoles, bus, fleet },
) => {
  await app.register(stopRoutes, { stops, editor, guard });

  // Who: a device, for the stops on its own courier's route.
  for (const outcome of VISIT_OUTCOMES) {
    devices.handle(
      `stop:${outcome}`,
      StopVisit,
      async (visit, courierId) => {
        // The courier's live fix as the report arrives bounds its time and says where it was.
        const fix = fleet.get(courierId)?.fix ?? null;
        const report = { deviceT: visit.t, receivedAt: Date.now(), fix };
        await visits.record(courierId, outcome, visit, report);
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

  const pushStopChanges = (changes: StopChange[]) => {
    for (const [hubId, ofHub] of groupByHub(changes, (c) => c.hubId))
      consoles.pushToHub(hubId, 'stop:changed', ofHub);
  };
  // Pushes go from the node where the change happened; the Socket.IO adapter carries them on.
  const offs = [
    bus.onLocal('routes:changed', (courierIds) => {
      for (const id of courierIds) void pushRoute(id);
      stops.routeVersions(courierIds).then(
        (versions) => {
          for (const { courierId, version } of versions)
            consoles.pushToHub(consoles.hubOfCouriers([courierId]), 'route:changed', {
              courierId,
              version,
            });
        },
        (err: unknown) => app.log.error({ err }, 'could not announce route changes'),
      );
    }),
    bus.onLocal('stops:changed', pushStopChanges),
    bus.onLocal('etas:changed', pushStopChanges),
  ];
  app.addHook('onClose', async () => {
    for (const off of offs) off();
  });
};

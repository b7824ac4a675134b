import type { FastifyPluginAsync } from 'fastify';
import { COURIER_STATUSES, type CourierStatus } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { DomainBus } from '../events/bus';
import type { FleetState } from '../fleet/fleet-state';
import type { HubService } from '../hubs/hub-service';
import type { CourierGateway } from '../ingest/courier-gateway';
import type { PayloadParser } from '../realtime/socket-actions';
import type { CourierService } from './courier-service';
import { osmandSecretRoutes } from './osmand-secret-routes';
import { courierRoutes } from './routes';

/** A device's `status` payload. */
const StatusReport: PayloadParser<{ status: CourierStatus }> = {
  parse(payload) {
    const status = (payload as { status?: unknown } | null)?.status;
    if (typeof status === 'string' && (COURIER_STATUSES as readonly string[]).includes(status)) {
      return { ok: true, value: { status: status as CourierStatus } };
    }
    return {
      ok: false,
      error: { code: 'invalid', message: `status must be one of ${COURIER_STATUSES.join(', ')}` },
    };
  },
};

export interface CouriersPluginOptions {
  couriers: CourierService;
  hubs: Pick<HubService, 'get'>;
  fleet: FleetState;
  guard: Guard;
  devices: CourierGateway;
  bus: DomainBus;
  /** Where OsmAnd trackers send fixes (`osmandEndpoint`, the port), shown with a new secret. */
  osmand: { url: string | null; port: number };
}

/**
 * Couriers: management, device tokens and OsmAnd tracker secrets (admins), the fleet list with live state (anyone on
 * the console), a device's own `status` (shift controls), and closing a courier's connections
 * when its credentials change.
 */
export const couriersPlugin: FastifyPluginAsync<CouriersPluginOptions> = async (
  app,
  { couriers, hubs, fleet, guard, devices, bus, osmand },
) => {
  await app.register(courierRoutes, { couriers, hubs, fleet, guard });
  await app.register(osmandSecretRoutes, { secrets: couriers.osmand, guard, osmand });
  devices.handle(
    'status',
    StatusReport,
    async ({ status }, courierId) => {
      fleet.setStatus(courierId, status);
      await couriers.setStatus(courierId, status);
      bus.emit('courier:status', { id: courierId, status });
      return {};
    },
    {
      code: 'unavailable',
      message: 'could not store the status; try again',
      logMessage: 'storing a courier status failed',
    },
  );
  const off = bus.on('credentials:changed', (courierId) => devices.disconnect(courierId));
  app.addHook('onClose', async () => off());
};

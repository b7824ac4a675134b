import type { FastifyPluginAsync } from 'fastify';
import type { Server } from 'socket.io';
import type { Guard } from '../auth/guard';
import type { Orm } from '../db/client';
import type { DomainBus } from '../events/bus';
import type { FleetState } from '../fleet/fleet-state';
import type { TrustProxy } from '../http/client-address';
import type { StreetNetwork } from '../streets/network';
import { CustomerChanges } from './customer-changes';
import { MissLimiter, TRACKING_LIMITS } from './miss-limiter';
import { trackingRoutes } from './routes';
import { windowSlotRoutes } from './slot-routes';
import { TrackGateway } from './track-gateway';
import { TrackingGate } from './tracking-gate';
import type { TrackingLinks } from './tracking-links';
import { readTrackedView, type PositionOf } from './tracking-reads';
import { WindowSlotStore } from './window-slots';

export interface TrackingPluginOptions {
  io: Server;
  orm: Orm;
  bus: DomainBus;
  guard: Guard;
  links: Pick<TrackingLinks, 'stopIdFor'>;
  /** Where each courier is: the page shows its courier's live position. */
  fleet: Pick<FleetState, 'get'>;
  /** The street network the console draws, for the page's basemap. */
  streets: StreetNetwork | null;
  /** `MAP_STYLE_URL`, when set. */
  mapStyleUrl: string | null;
  /** Whose `X-Forwarded-For` names a page's address on `/track`, as for `request.ip`. */
  trustProxy: TrustProxy;
}

/**
 * The tracking page's server side: its REST routes and `/track` live updates behind one gate (a
 * link's token, few tries per address), and hubs' window slots for supervisors.
 */
export const trackingPlugin: FastifyPluginAsync<TrackingPluginOptions> = async (app, options) => {
  const { io, orm, bus, guard, links, fleet } = options;
  const gate = new TrackingGate(links, new MissLimiter({ ...TRACKING_LIMITS, now: Date.now }));
  const positionOf: PositionOf = (courierId) => {
    const fix = fleet.get(courierId)?.fix;
    return fix ? { lat: fix.lat, lng: fix.lng, at: fix.t } : null;
  };
  const viewOf = (stopId: number) => readTrackedView(orm, stopId, positionOf, Date.now());

  await app.register(trackingRoutes, {
    gate,
    viewOf,
    changes: new CustomerChanges({ orm, bus }),
    streets: options.streets,
    mapStyleUrl: options.mapStyleUrl,
  });
  await app.register(windowSlotRoutes, { slots: new WindowSlotStore(orm), guard });
  const gateway = new TrackGateway(io, {
    gate,
    viewOf,
    bus,
    positionOf,
    log: app.log,
    trustProxy: options.trustProxy,
  });
  app.addHook('onClose', async () => gateway.stop());
};

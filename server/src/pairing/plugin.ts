import type { FastifyPluginAsync } from 'fastify';
import type { Guard } from '../auth/guard';
import type { FleetState } from '../fleet/fleet-state';
import type { DeviceTokens } from '../ingest/courier-gateway';
import { deviceRoutes } from './device-routes';
import type { PairingService } from './pairing-service';
import { pairingRoutes } from './routes';

export interface PairingPluginOptions {
  pairing: PairingService;
  guard: Guard;
  devices: DeviceTokens;
  fleet: Pick<FleetState, 'get'>;
  /** Where phones reach this server (`PUBLIC_URL`); null: the address the console used. */
  publicUrl: string | null;
}

/**
 * Pairing phones with couriers: one-time codes made on the console (dispatchers and up, of the
 * courier's hub), exchanged by a phone for a device token, and the profile a token belongs to.
 */
export const pairingPlugin: FastifyPluginAsync<PairingPluginOptions> = async (
  app,
  { pairing, guard, devices, fleet, publicUrl },
) => {
  await app.register(pairingRoutes, { pairing, guard, publicUrl });
  await app.register(deviceRoutes, { pairing, devices, fleet });
};

import type { FastifyPluginAsync } from 'fastify';
import type { Guard } from '../auth/guard';
import type { BlobStore } from '../blobs/blob-store';
import type { Orm } from '../db/client';
import type { DeviceTokens } from '../ingest/courier-gateway';
import { devicePhotoRoutes } from './device-photo-routes';
import { ProofReads } from './proof-reads';
import { proofRoutes } from './proof-routes';
import { StopPhotos } from './stop-photos';

export interface ProofPluginOptions {
  orm: Orm;
  blobs: BlobStore;
  guard: Guard;
  /** Whose device token a request carries. */
  devices: DeviceTokens;
}

/**
 * Proof of delivery: couriers' devices upload photos and signatures for their stops, and the
 * console reads each stop's proofs and images. (The proof itself is recorded with the visit, in
 * `stops/visit-recorder.ts`.)
 */
export const proofPlugin: FastifyPluginAsync<ProofPluginOptions> = async (
  app,
  { orm, blobs, guard, devices },
) => {
  const photos = new StopPhotos(orm, blobs);
  await app.register(devicePhotoRoutes, { photos, devices });
  await app.register(proofRoutes, { proofs: new ProofReads(orm), photos, guard });
};

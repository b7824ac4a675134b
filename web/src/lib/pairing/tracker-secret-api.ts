import type { CourierOsmAndSecret } from '@dispatch/shared';
import { request } from '../api';
import type { TrackerSecretApi } from './tracker-secret.svelte';

/** The server's tracker secret routes and the courier update that allows legacy ids. */
export const trackerSecretApi: TrackerSecretApi = {
  issue: (courierId) =>
    request<CourierOsmAndSecret>('POST', `/api/v1/couriers/${courierId}/osmand-secret`, {}),
  revoke: (courierId) => request<void>('DELETE', `/api/v1/couriers/${courierId}/osmand-secret`),
  setLegacyId: async (courierId, allowed) => {
    await request('PATCH', `/api/v1/couriers/${courierId}`, { legacyDeviceId: allowed });
  },
};

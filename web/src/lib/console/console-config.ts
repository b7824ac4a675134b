import type { ConsoleConfig } from '@dispatch/shared';
import { ApiError, fetchConfig, fetchHubs } from '../api';

/** Campo Grande, where the demo fleet drives, for a server that says nothing better. */
const FALLBACK_CENTER = { lat: -20.4697, lng: -54.6201 };

/**
 * The console's map settings from `GET /api/v1/config`. When that cannot be had (an older
 * server, a hiccup), an offline map centred on the first hub (or the demo city) and the default
 * tick, so the console still opens.
 */
export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  try {
    return await fetchConfig();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unauthorized') throw err;
  }
  const hub = (await fetchHubs().catch(() => []))[0];
  return {
    mapStyleUrl: null,
    streetsUrl: null,
    center: hub ? { lat: hub.lat, lng: hub.lng } : FALLBACK_CENTER,
    tickMs: 500,
  };
}

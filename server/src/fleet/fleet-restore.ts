import type { CourierStatus } from '@dispatch/shared';
import type { FleetState } from './fleet-state';

/** What the couriers table remembers of a courier's live state. */
export interface StoredCourierState {
  id: number;
  hubId: number | null;
  active: boolean;
  status: CourierStatus;
  lastFixAt: Date | null;
  lastPingAt: Date | null;
  lastLat: number | null;
  lastLng: number | null;
  lastSpeedMps: number | null;
  lastHeading: number | null;
  lastAccuracyMeters: number | null;
  lastBattery: number | null;
}

/**
 * Puts every active courier and its last stored fix back into the live fleet after a start; one
 * silent for longer than `offlineMs` is offline. Nothing is announced to consoles.
 */
export function restoreFleet(
  fleet: FleetState,
  couriers: Iterable<StoredCourierState>,
  now: number,
  offlineMs: number,
): void {
  for (const c of couriers) {
    if (!c.active) continue;
    const live = fleet.upsertCourier(c.id, c.hubId, 'offline');
    if (c.lastFixAt && c.lastLat !== null && c.lastLng !== null) {
      fleet.applyFix(
        c.id,
        {
          t: c.lastFixAt.getTime(),
          lat: c.lastLat,
          lng: c.lastLng,
          speedMps: c.lastSpeedMps,
          heading: c.lastHeading,
          accuracyMeters: c.lastAccuracyMeters,
          battery: c.lastBattery,
        },
        c.lastPingAt?.getTime() ?? c.lastFixAt.getTime(),
      );
      live.status =
        now - (live.lastPingAt ?? 0) > offlineMs
          ? 'offline'
          : c.status === 'offline'
            ? 'idle'
            : c.status;
    }
  }
  fleet.takeDirty();
}

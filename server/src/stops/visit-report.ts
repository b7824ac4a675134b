import { haversineMeters } from '@dispatch/shared';

/** A delivery or failed attempt recorded farther than this from its stop is flagged. */
export const FAR_FROM_STOP_METERS = 300;

/** Where the courier was when it reported a visit: its latest live fix. */
export interface CourierFix {
  /** Device time of the fix, epoch ms. */
  t: number;
  lat: number;
  lng: number;
}

/** A visit as a device reported it, with what the server knew when it arrived (its time: `visit-time.ts`). */
export interface VisitReport {
  /** The device's time of the visit, epoch ms, if it sent one. */
  deviceT?: number | undefined;
  /** When the server received the report, epoch ms. */
  receivedAt: number;
  /** The courier's latest fix before the report, if any. */
  fix: CourierFix | null;
}

/** Where the courier was relative to the stop when it reported the visit. */
export interface VisitPlace {
  fix: CourierFix | null;
  /** Metres from the courier's fix to the stop; null without a fix. */
  distanceMeters: number | null;
  /** A completion recorded more than {@link FAR_FROM_STOP_METERS} from the stop. */
  farFromStop: boolean;
}

export function visitPlace(
  fix: CourierFix | null,
  stop: { lat: number; lng: number },
  completes: boolean,
): VisitPlace {
  if (!fix) return { fix: null, distanceMeters: null, farFromStop: false };
  const distanceMeters = Math.round(haversineMeters(fix.lat, fix.lng, stop.lat, stop.lng));
  return { fix, distanceMeters, farFromStop: completes && distanceMeters > FAR_FROM_STOP_METERS };
}

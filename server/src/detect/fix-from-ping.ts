import type { Ping } from '@dispatch/shared';
import type { MotionFix } from './types';

/** The motion-relevant part of a device ping. */
export function fixFromPing(ping: Pick<Ping, 't' | 'lat' | 'lng' | 'acc'>): MotionFix {
  return { t: ping.t, lat: ping.lat, lng: ping.lng, accuracyMeters: ping.acc ?? null };
}

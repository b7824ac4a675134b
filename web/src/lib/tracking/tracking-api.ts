import type {
  RescheduleOptions,
  RescheduleRequest,
  TrackingInstructions,
  TrackingMap,
  TrackingView,
} from '@dispatch/shared';
import { request } from '../api';

/**
 * The tracking page's requests. No session: the link's token is the credential, so it is in
 * every path. Refusals throw `ApiError` (`not_found`, `rate_limited`, `conflict`, `unavailable`).
 */
export interface TrackingApi {
  view(): Promise<TrackingView>;
  saveInstructions(instructions: TrackingInstructions): Promise<TrackingView>;
  rescheduleOptions(): Promise<RescheduleOptions>;
  reschedule(choice: RescheduleRequest): Promise<TrackingView>;
  map(): Promise<TrackingMap>;
}

export function trackingApi(token: string): TrackingApi {
  const base = `/api/v1/track/${encodeURIComponent(token)}`;
  return {
    view: () => request<TrackingView>('GET', base),
    saveInstructions: (instructions) =>
      request<TrackingView>('PUT', `${base}/instructions`, instructions),
    rescheduleOptions: () => request<RescheduleOptions>('GET', `${base}/reschedule-options`),
    reschedule: (choice) => request<TrackingView>('POST', `${base}/reschedule`, choice),
    map: () => request<TrackingMap>('GET', `${base}/map`),
  };
}

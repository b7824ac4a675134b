import type { WindowSlots } from '@dispatch/shared';
import { request } from '../api';

/** The windows a hub offers customers who move their delivery. */
export const fetchWindowSlots = (hubId: number) =>
  request<WindowSlots>('GET', `/api/v1/hubs/${hubId}/window-slots`);

/** Replaces a hub's window slots (supervisors of the hub and admins). */
export const saveWindowSlots = (hubId: number, slots: WindowSlots) =>
  request<WindowSlots>('PUT', `/api/v1/hubs/${hubId}/window-slots`, slots);

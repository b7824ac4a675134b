import type { AttemptPolicies, AttemptReport, Stop } from '@dispatch/shared';
import { fetchStops, request } from '../api';

/** What a hub does with a failed attempt, per service tier (defaults filled in). */
export const fetchAttemptPolicies = (hubId: number) =>
  request<AttemptPolicies>('GET', `/api/v1/hubs/${hubId}/attempt-policies`);

/** Sets the tiers given (supervisors and admins); answers every tier. */
export const saveAttemptPolicies = (hubId: number, policies: AttemptPolicies) =>
  request<AttemptPolicies>('PUT', `/api/v1/hubs/${hubId}/attempt-policies`, policies);

/** A hub's failed attempts and returns today (supervisors and admins). */
export const fetchAttemptReport = (hubId: number) =>
  request<AttemptReport>('GET', `/api/v1/reports/attempts?hubId=${hubId}`);

/** Parcels on their way back to a hub, to check in. */
export const fetchReturning = (): Promise<Stop[]> => fetchStops(['returning'], 1000);

/** Checks a returning parcel in at its hub. */
export const checkInReturn = (stopId: number) =>
  request<Stop>('POST', `/api/v1/stops/${stopId}/returned`, {});

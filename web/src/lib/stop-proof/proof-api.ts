import type { RecentProof, RecentProofList, StopProofList, StopProofView } from '@dispatch/shared';
import { request } from '../api';

/** A stop's completions with their proof, first attempt first. */
export async function fetchStopProofs(stopId: number): Promise<StopProofView[]> {
  return (await request<StopProofList>('GET', `/api/v1/stops/${stopId}/proof`)).proofs;
}

/** Whose completions to list: one courier's or one hub's (every hub's without either), since when. */
export interface CompletedFilter {
  courierId?: number | undefined;
  hubId?: number | undefined;
  /** Epoch ms: only completions since then. */
  since: number;
}

/** Deliveries and failed attempts since `filter.since`, the latest first (at most `limit`). */
export async function fetchRecentProofs(
  filter: CompletedFilter,
  limit = 100,
): Promise<RecentProof[]> {
  const query = new URLSearchParams({
    since: String(Math.floor(filter.since)),
    limit: String(limit),
  });
  if (filter.courierId !== undefined) query.set('courierId', String(filter.courierId));
  if (filter.hubId !== undefined) query.set('hubId', String(filter.hubId));
  return (await request<RecentProofList>('GET', `/api/v1/stop-proofs?${query}`)).proofs;
}

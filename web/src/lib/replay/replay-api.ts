import type { Replay } from '@dispatch/shared';
import { request } from '../api';

/** A hub's or a courier's replay between two instants (epoch ms, at most a day apart). */
export function fetchReplay(query: {
  hubId?: number | undefined;
  courierId?: number | undefined;
  from: number;
  to: number;
}): Promise<Replay> {
  const params = new URLSearchParams({ from: String(query.from), to: String(query.to) });
  if (query.courierId !== undefined) params.set('courierId', String(query.courierId));
  else if (query.hubId !== undefined) params.set('hubId', String(query.hubId));
  return request<Replay>('GET', `/api/v1/replay?${params}`);
}

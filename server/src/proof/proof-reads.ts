import { and, asc, desc, eq, gte, type SQL } from 'drizzle-orm';
import {
  DomainError,
  type RecentProofList,
  type RecentProofQuery,
  type StopProofList,
  type StopProofView,
} from '@dispatch/shared';
import type { HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { stopProofs, stops } from '../db/schema';

/** The console's address of a stored image (a console session is needed to read it). */
export const photoUrl = (photoId: number) => `/api/v1/stop-photos/${photoId}`;

type ProofRow = typeof stopProofs.$inferSelect;

/** What couriers recorded when completing stops, for the console. */
export class ProofReads {
  constructor(private readonly orm: Orm) {}

  /** Every completion of a stop in `scope` with its proof, first attempt first (else `not_found`). */
  async ofStop(stopId: number, scope: HubScope): Promise<StopProofList> {
    const [stop] = await this.orm
      .select({ hubId: stops.hubId })
      .from(stops)
      .where(eq(stops.id, stopId));
    if (!stop) throw new DomainError('not_found', `stop ${stopId} does not exist`);
    scope.assert(stop.hubId, { type: 'stop', id: stopId });
    const rows = await this.orm
      .select()
      .from(stopProofs)
      .where(eq(stopProofs.stopId, stopId))
      .orderBy(asc(stopProofs.at), asc(stopProofs.id));
    return { proofs: rows.map(proofView) };
  }

  /**
   * Completions since a time, the latest first: one courier's, one hub's, or every hub in `scope`
   * (a user bound to a hub sees that hub's and those of stops without a hub).
   */
  async recent(query: RecentProofQuery, scope: HubScope): Promise<RecentProofList> {
    const where: (SQL | undefined)[] = [
      gte(stopProofs.at, new Date(query.since)),
      scope.condition(stops.hubId),
    ];
    if (query.courierId !== undefined) where.push(eq(stopProofs.courierId, query.courierId));
    if (query.hubId !== undefined) {
      scope.assert(query.hubId, { type: 'hub', id: query.hubId });
      where.push(eq(stops.hubId, query.hubId));
    }
    const rows = await this.orm
      .select({
        proof: stopProofs,
        stop: {
          id: stops.id,
          orderRef: stops.orderRef,
          address: stops.address,
          lat: stops.lat,
          lng: stops.lng,
          hubId: stops.hubId,
          status: stops.status,
        },
      })
      .from(stopProofs)
      .innerJoin(stops, eq(stops.id, stopProofs.stopId))
      .where(and(...where))
      .orderBy(desc(stopProofs.at), desc(stopProofs.id))
      .limit(query.limit);
    return { proofs: rows.map((r) => ({ stop: r.stop, proof: proofView(r.proof) })) };
  }
}

function proofView(r: ProofRow): StopProofView {
  return {
    id: r.id,
    outcome: r.outcome,
    attempt: r.attempt,
    at: r.at.getTime(),
    courierId: r.courierId,
    recipientName: r.recipientName,
    note: r.note,
    reasonCode: r.reasonCode,
    codeVerified: r.codeVerified,
    lat: r.lat,
    lng: r.lng,
    distanceMeters: r.distanceMeters,
    farFromStop: r.farFromStop,
    photos: [
      ...r.photoIds.map((id) => ({ id, kind: 'photo' as const, url: photoUrl(id) })),
      ...(r.signatureId === null
        ? []
        : [{ id: r.signatureId, kind: 'signature' as const, url: photoUrl(r.signatureId) }]),
    ],
  };
}

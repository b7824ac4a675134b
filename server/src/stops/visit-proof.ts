import { and, eq, inArray } from 'drizzle-orm';
import { DomainError, type PhotoKind, type VisitProof } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { stopPhotos, stopProofs } from '../db/schema';
import type { FailureCause } from './visit-rules';
import type { VisitPlace } from './visit-report';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/** What a completion's proof holds, as written to `stop_proofs`. */
export interface ProofRecord {
  stopId: number;
  courierId: number;
  outcome: 'delivered' | 'failed';
  /** The stop's attempts after this one. */
  attempt: number;
  at: Date;
  proof: VisitProof | undefined;
  note: string | null;
  failure: FailureCause | null;
  codeVerified: boolean;
  place: VisitPlace;
}

/**
 * Refuses (`invalid`) a proof naming an image that this courier did not upload for this stop,
 * or a signature given as a photo and the reverse.
 */
export async function checkProofImages(
  tx: Tx,
  stopId: number,
  courierId: number,
  proof: VisitProof | undefined,
): Promise<void> {
  const wanted = new Map<number, PhotoKind>();
  for (const id of proof?.photoIds ?? []) wanted.set(id, 'photo');
  if (proof?.signatureId !== undefined) {
    if (wanted.has(proof.signatureId))
      throw new DomainError(
        'invalid',
        `image ${proof.signatureId} cannot be a photo and the signature`,
      );
    wanted.set(proof.signatureId, 'signature');
  }
  if (wanted.size === 0) return;
  const found = await tx
    .select({ id: stopPhotos.id, kind: stopPhotos.kind })
    .from(stopPhotos)
    .where(
      and(
        inArray(stopPhotos.id, [...wanted.keys()]),
        eq(stopPhotos.stopId, stopId),
        eq(stopPhotos.courierId, courierId),
      ),
    );
  const kinds = new Map(found.map((p) => [p.id, p.kind]));
  for (const [id, kind] of wanted) {
    if (!kinds.has(id))
      throw new DomainError(
        'invalid',
        `image ${id} was not uploaded for this stop by this courier`,
        [
          {
            path: kind === 'signature' ? '/proof/signatureId' : '/proof/photoIds',
            message: String(id),
          },
        ],
      );
    if (kinds.get(id) !== kind)
      throw new DomainError(
        'invalid',
        `image ${id} was uploaded as a ${kinds.get(id)}, not a ${kind}`,
      );
  }
}

/** Writes a completion's proof row; returns the summary the stop's event keeps. */
export async function writeProof(tx: Tx, r: ProofRecord): Promise<Record<string, unknown>> {
  const photoIds = [...new Set(r.proof?.photoIds ?? [])];
  const signatureId = r.proof?.signatureId ?? null;
  const recipientName = r.proof?.recipientName?.trim() || null;
  const [row] = await tx
    .insert(stopProofs)
    .values({
      stopId: r.stopId,
      courierId: r.courierId,
      outcome: r.outcome,
      attempt: r.attempt,
      recipientName,
      note: r.note,
      reasonCode: r.failure?.code ?? null,
      codeVerified: r.codeVerified,
      photoIds,
      signatureId,
      at: r.at,
      lat: r.place.fix?.lat ?? null,
      lng: r.place.fix?.lng ?? null,
      distanceMeters: r.place.distanceMeters,
      farFromStop: r.place.farFromStop,
    })
    .returning({ id: stopProofs.id });
  return {
    id: row!.id,
    attempt: r.attempt,
    photos: photoIds.length,
    signature: signatureId !== null,
    ...(recipientName ? { recipientName } : {}),
    ...(r.codeVerified ? { codeVerified: true } : {}),
  };
}

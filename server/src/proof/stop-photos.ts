import { and, eq } from 'drizzle-orm';
import {
  DomainError,
  MAX_PHOTO_BYTES,
  type PhotoKind,
  type StopPhotoReply,
} from '@dispatch/shared';
import { blobKeyOf, type BlobStore, type StoredBlob } from '../blobs/blob-store';
import type { HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { stopPhotos, stops } from '../db/schema';
import { sniffImage } from './image-type';

/**
 * Photos and signatures couriers take at their stops: the bytes in the blob store (by their
 * SHA-256, so the same image sent twice is kept once and keeps its id), a row per stop and kind.
 */
export class StopPhotos {
  constructor(
    private readonly orm: Orm,
    private readonly blobs: BlobStore,
  ) {}

  /**
   * Refuses a courier adding images to a stop that is not its own: `not_found`, or `forbidden`
   * for another courier's stop. A stop stays its courier's once completed, so a phone that was
   * offline may upload after reporting the delivery.
   */
  async checkUploader(courierId: number, stopId: number): Promise<void> {
    const [stop] = await this.orm
      .select({ courierId: stops.courierId })
      .from(stops)
      .where(eq(stops.id, stopId));
    if (!stop) throw new DomainError('not_found', `stop ${stopId} does not exist`);
    if (stop.courierId !== courierId)
      throw new DomainError('forbidden', `stop ${stopId} is not on this courier's route`);
  }

  /**
   * Stores an image a courier took at one of its stops, checked by its bytes (JPEG, PNG or
   * WebP); anything else is `invalid` and nothing is stored. The same image again answers the
   * same id.
   */
  async save(
    courierId: number,
    stopId: number,
    kind: PhotoKind,
    bytes: Uint8Array,
  ): Promise<StopPhotoReply> {
    if (bytes.byteLength > MAX_PHOTO_BYTES)
      throw new DomainError('too_large', `an image may have at most ${MAX_PHOTO_BYTES} bytes`);
    const image = sniffImage(bytes);
    if (!image)
      throw new DomainError('invalid', 'the file is not a JPEG, PNG or WebP image', [
        { path: '/file', message: 'not an image' },
      ]);
    await this.checkUploader(courierId, stopId);
    const blobKey = blobKeyOf(bytes);
    const known = await this.find(stopId, kind, blobKey);
    if (known) return this.reply(known, courierId);

    await this.blobs.put(bytes, image.contentType);
    await this.orm
      .insert(stopPhotos)
      .values({
        stopId,
        courierId,
        kind,
        blobKey,
        contentType: image.contentType,
        bytes: bytes.byteLength,
        width: image.width,
        height: image.height,
      })
      .onConflictDoNothing();
    // Read back: a concurrent upload of the same image may have inserted it first.
    const stored = await this.find(stopId, kind, blobKey);
    if (!stored) throw new Error(`photo of stop ${stopId} was not stored`);
    return this.reply(stored, courierId);
  }

  /** An image's bytes for a console user whose `scope` holds its stop (else `not_found`). */
  async image(photoId: number, scope: HubScope): Promise<StoredBlob> {
    const [photo] = await this.orm
      .select({
        blobKey: stopPhotos.blobKey,
        contentType: stopPhotos.contentType,
        hubId: stops.hubId,
        stopId: stops.id,
      })
      .from(stopPhotos)
      .innerJoin(stops, eq(stops.id, stopPhotos.stopId))
      .where(eq(stopPhotos.id, photoId));
    if (!photo) throw new DomainError('not_found', `photo ${photoId} does not exist`);
    scope.assert(photo.hubId, { type: 'stop', id: photo.stopId });
    const blob = await this.blobs.get(photo.blobKey);
    if (!blob) throw new DomainError('not_found', `the image of photo ${photoId} is missing`);
    return { bytes: blob.bytes, contentType: photo.contentType };
  }

  private async find(stopId: number, kind: PhotoKind, blobKey: string) {
    const [row] = await this.orm
      .select()
      .from(stopPhotos)
      .where(
        and(
          eq(stopPhotos.stopId, stopId),
          eq(stopPhotos.kind, kind),
          eq(stopPhotos.blobKey, blobKey),
        ),
      );
    return row ?? null;
  }

  private reply(
    row: { id: number; kind: PhotoKind; bytes: number; courierId: number },
    courierId: number,
  ): StopPhotoReply {
    // The same image of the same stop, sent by the courier who had the stop before.
    if (row.courierId !== courierId)
      throw new DomainError(
        'conflict',
        'this image was already uploaded for the stop by another courier',
      );
    return { photoId: row.id, kind: row.kind, bytes: row.bytes };
  }
}

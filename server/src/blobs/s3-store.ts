import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { blobKeyOf, blobPath, isBlobKey, type BlobStore, type StoredBlob } from './blob-store';

/** The part of the S3 client the store uses (tests pass a fake that records the commands). */
export type S3Sender = Pick<S3Client, 'send'>;

/**
 * Blobs as objects of one S3 bucket (AWS, or MinIO and other S3-compatible stores through
 * `S3_ENDPOINT`), under the same `ab/cd/<sha256>` keys as on disk so a folder of blobs can be
 * copied into a bucket as it is.
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Sender,
    private readonly bucket: string,
  ) {}

  async put(bytes: Uint8Array, contentType: string): Promise<{ key: string }> {
    const key = blobKeyOf(bytes);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: blobPath(key),
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.byteLength,
      }),
    );
    return { key };
  }

  async get(key: string): Promise<StoredBlob | null> {
    if (!isBlobKey(key)) return null;
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: blobPath(key) }),
      );
      if (!res.Body) return null;
      return {
        bytes: await res.Body.transformToByteArray(),
        contentType: res.ContentType ?? 'application/octet-stream',
      };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }
}

/** S3 answers a missing object with `NoSuchKey`; some compatible stores only with a 404. */
function isMissing(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

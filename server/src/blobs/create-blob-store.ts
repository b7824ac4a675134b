import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config';
import type { BlobStore } from './blob-store';
import { LocalDiskBlobStore } from './local-disk-store';

export type BlobConfig = Pick<
  Config,
  | 'BLOB_STORE'
  | 'DATA_DIR'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'S3_ENDPOINT'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/**
 * The configured blob store: files under `DATA_DIR/blobs` (a fresh temporary folder when the
 * database lives in memory), or an S3 bucket. The configuration was validated at start (a
 * bucket is named when `BLOB_STORE=s3`); the AWS SDK is loaded only for S3.
 */
export async function createBlobStore(config: BlobConfig): Promise<BlobStore> {
  if (config.BLOB_STORE === 's3') {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { S3BlobStore } = await import('./s3-store');
    const client = new S3Client({
      region: config.S3_REGION,
      ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      // Without keys the SDK's own chain applies (environment, instance role, profile).
      ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? {
            credentials: {
              accessKeyId: config.S3_ACCESS_KEY_ID,
              secretAccessKey: config.S3_SECRET_ACCESS_KEY,
            },
          }
        : {}),
    });
    return new S3BlobStore(client, config.S3_BUCKET!);
  }
  const root =
    config.DATA_DIR === 'memory://'
      ? mkdtempSync(join(tmpdir(), 'dispatch-blobs-'))
      : join(config.DATA_DIR, 'blobs');
  return new LocalDiskBlobStore(root);
}

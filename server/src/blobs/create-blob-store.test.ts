import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createBlobStore } from './create-blob-store';
import { LocalDiskBlobStore } from './local-disk-store';
import { S3BlobStore } from './s3-store';

describe('the blob store configuration', () => {
  it('keeps blobs on disk by default', async () => {
    const config = loadConfig({ DATA_DIR: join(tmpdir(), 'dispatch-not-created') });
    expect(config.BLOB_STORE).toBe('local');
    expect(await createBlobStore(config)).toBeInstanceOf(LocalDiskBlobStore);
  });

  it('refuses to start on S3 without a bucket, saying which setting is missing', () => {
    expect(() => loadConfig({ BLOB_STORE: 's3' })).toThrow(/BLOB_STORE=s3 needs S3_BUCKET/);
  });

  it('refuses an access key without its secret', () => {
    expect(() =>
      loadConfig({ BLOB_STORE: 's3', S3_BUCKET: 'proofs', S3_ACCESS_KEY_ID: 'minio' }),
    ).toThrow(/S3_SECRET_ACCESS_KEY/);
  });

  it('reads an S3-compatible endpoint with path-style URLs from the environment', async () => {
    const config = loadConfig({
      BLOB_STORE: 's3',
      S3_BUCKET: 'proofs',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
    });
    expect(config).toMatchObject({ S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
    expect(await createBlobStore(config)).toBeInstanceOf(S3BlobStore);
  });
});

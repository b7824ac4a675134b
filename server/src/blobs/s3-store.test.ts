import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3BlobStore, type S3Sender } from './s3-store';

/** A stand-in for the S3 client: records each command and answers from a map of objects. */
function fakeS3(objects = new Map<string, { body: Uint8Array; type: string }>()) {
  const sent: unknown[] = [];
  const client = {
    send(command: unknown) {
      sent.push(command);
      if (command instanceof PutObjectCommand) {
        const input = command.input;
        objects.set(input.Key!, { body: input.Body as Uint8Array, type: input.ContentType! });
        return Promise.resolve({});
      }
      if (command instanceof GetObjectCommand) {
        const found = objects.get(command.input.Key!);
        if (!found) {
          return Promise.reject(
            Object.assign(new Error('The specified key does not exist.'), {
              name: 'NoSuchKey',
              $metadata: { httpStatusCode: 404 },
            }),
          );
        }
        return Promise.resolve({
          Body: { transformToByteArray: () => Promise.resolve(found.body) },
          ContentType: found.type,
        });
      }
      return Promise.reject(new Error('unexpected command'));
    },
  };
  return { client: client as unknown as S3Sender, sent, objects };
}

describe('S3BlobStore', () => {
  const bytes = new TextEncoder().encode('signature strokes');
  const sha = createHash('sha256').update(bytes).digest('hex');
  const objectKey = `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

  it('puts the bytes into the bucket under ab/cd/<sha256> with their content type', async () => {
    const s3 = fakeS3();
    const { key } = await new S3BlobStore(s3.client, 'proofs').put(bytes, 'image/png');
    expect(key).toBe(sha);
    expect(s3.sent).toHaveLength(1);
    const put = s3.sent[0] as PutObjectCommand;
    expect(put).toBeInstanceOf(PutObjectCommand);
    expect(put.input).toMatchObject({
      Bucket: 'proofs',
      Key: objectKey,
      ContentType: 'image/png',
      ContentLength: bytes.byteLength,
    });
    expect(put.input.Body).toBe(bytes);
  });

  it('gets an object back by key, with its content type', async () => {
    const s3 = fakeS3();
    const store = new S3BlobStore(s3.client, 'proofs');
    await store.put(bytes, 'image/webp');
    const read = await store.get(sha);
    const get = s3.sent[1] as GetObjectCommand;
    expect(get).toBeInstanceOf(GetObjectCommand);
    expect(get.input).toEqual({ Bucket: 'proofs', Key: objectKey });
    expect(read?.contentType).toBe('image/webp');
    expect(Buffer.from(read!.bytes).toString()).toBe('signature strokes');
  });

  it('answers null for a missing object', async () => {
    const s3 = fakeS3();
    expect(await new S3BlobStore(s3.client, 'proofs').get('f'.repeat(64))).toBeNull();
  });

  it('sends nothing for a malformed key', async () => {
    const s3 = fakeS3();
    expect(await new S3BlobStore(s3.client, 'proofs').get('../secret')).toBeNull();
    expect(s3.sent).toEqual([]);
  });

  it('lets other failures of the bucket through', async () => {
    const client = {
      send: () =>
        Promise.reject(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' })),
    } as unknown as S3Sender;
    await expect(new S3BlobStore(client, 'proofs').get(sha)).rejects.toThrow('Access Denied');
  });
});

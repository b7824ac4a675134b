import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiskBlobStore } from './local-disk-store';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile())
    .map((p) => relative(dir, p))
    .sort();
}

describe('LocalDiskBlobStore', () => {
  let root: string;
  let store: LocalDiskBlobStore;
  const bytes = new TextEncoder().encode('a small picture');
  const sha = createHash('sha256').update(bytes).digest('hex');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'blob-store-test-'));
    store = new LocalDiskBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keys a blob by the SHA-256 of its bytes and reads it back with its content type', async () => {
    const { key } = await store.put(bytes, 'image/png');
    expect(key).toBe(sha);
    const read = await store.get(key);
    expect(read?.contentType).toBe('image/png');
    expect(Buffer.from(read!.bytes).toString()).toBe('a small picture');
  });

  it('lays blobs out as ab/cd/<sha256> with the content type beside, and no temporary files', async () => {
    await store.put(bytes, 'image/png');
    const dir = `${sha.slice(0, 2)}/${sha.slice(2, 4)}`;
    expect(filesUnder(root)).toEqual([`${dir}/${sha}`, `${dir}/${sha}.type`]);
  });

  it('stores the same bytes once, under the same key', async () => {
    const first = await store.put(bytes, 'image/png');
    const second = await store.put(new Uint8Array(bytes), 'image/png');
    expect(second.key).toBe(first.key);
    expect(filesUnder(root)).toHaveLength(2);
  });

  it('answers null for a key it does not hold', async () => {
    expect(await store.get('0'.repeat(64))).toBeNull();
  });

  it('answers null for a malformed key instead of reading outside its folder', async () => {
    await store.put(bytes, 'image/png');
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get(sha.toUpperCase())).toBeNull();
  });
});

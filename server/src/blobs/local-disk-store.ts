import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { blobKeyOf, blobPath, isBlobKey, type BlobStore, type StoredBlob } from './blob-store';

/** Written when a blob's content type is unknown (never by the product's own uploads). */
const DEFAULT_TYPE = 'application/octet-stream';

/**
 * Blobs as files under one folder (`DATA_DIR/blobs`): `ab/cd/<sha256>` holds the bytes and
 * `ab/cd/<sha256>.type` their content type. Each file is written to a temporary name and renamed
 * into place, so a crash never leaves a half-written blob under its key.
 */
export class LocalDiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array, contentType: string): Promise<{ key: string }> {
    const key = blobKeyOf(bytes);
    const path = join(this.root, blobPath(key));
    await mkdir(dirname(path), { recursive: true });
    if (!(await exists(path))) {
      // The type first: a blob under its key always has one.
      await this.writeAtomically(`${path}.type`, contentType);
      await this.writeAtomically(path, bytes);
    }
    return { key };
  }

  async get(key: string): Promise<StoredBlob | null> {
    if (!isBlobKey(key)) return null;
    const path = join(this.root, blobPath(key));
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const contentType = await readFile(`${path}.type`, 'utf8').catch(() => DEFAULT_TYPE);
    return { bytes: new Uint8Array(bytes), contentType: contentType.trim() || DEFAULT_TYPE };
  }

  private async writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
    const temp = join(dirname(path), `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      await writeFile(temp, data, { flag: 'wx' });
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

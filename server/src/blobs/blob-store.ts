import { createHash } from 'node:crypto';

/** An image or other file kept by the server, as stored and read back. */
export interface StoredBlob {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * Where uploaded files live: content-addressed, so the same bytes stored twice are kept once and
 * always get the same key.
 */
export interface BlobStore {
  /** Stores the bytes (once) and returns their key: the SHA-256 of the bytes, in hex. */
  put(bytes: Uint8Array, contentType: string): Promise<{ key: string }>;
  /** The stored bytes and their content type, or null when no blob has that key. */
  get(key: string): Promise<StoredBlob | null>;
}

const KEY = /^[0-9a-f]{64}$/;

/** The key a blob store gives these bytes: their SHA-256 in lower-case hex. */
export function blobKeyOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether `key` is a well-formed blob key (anything else never names a blob). */
export function isBlobKey(key: string): boolean {
  return KEY.test(key);
}

/**
 * Where a blob lives inside a store: `ab/cd/<sha256>`, so no folder (or listing) holds more than
 * a few thousand entries.
 */
export function blobPath(key: string): string {
  return `${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
}

import { createHash, randomBytes } from 'node:crypto';

/** What every shop API key starts with, so a leaked one is recognisable in code and logs. */
export const API_KEY_PREFIX = 'dk_live_';

/** Characters of a key kept in the clear to tell keys apart in lists (`dk_live_AbCd`). */
export const API_KEY_SHOWN_LENGTH = 12;

/** `dk_live_` and 32 random bytes in base64url (43 characters). */
const API_KEY_FORMAT = /^dk_live_[A-Za-z0-9_-]{43}$/;

/** A new key as shown to the admin once, with what is stored of it. */
export interface IssuedApiKey {
  key: string;
  /** SHA-256 hex of the key: the key is random, so no salt or slow hash is needed. */
  hash: string;
  prefix: string;
}

export function issueApiKey(random: (size: number) => Buffer = randomBytes): IssuedApiKey {
  const key = API_KEY_PREFIX + random(32).toString('base64url');
  return { key, hash: apiKeyHash(key), prefix: key.slice(0, API_KEY_SHOWN_LENGTH) };
}

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The key of an `Authorization: Bearer <key>` header, or null when the header is missing, is
 * not a bearer, or carries something that cannot be a key (no lookup needed for those).
 */
export function apiKeyFromAuthorization(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const key = match?.[1];
  return key && API_KEY_FORMAT.test(key) ? key : null;
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_PREFIX,
  API_KEY_SHOWN_LENGTH,
  apiKeyFromAuthorization,
  apiKeyHash,
  issueApiKey,
} from './api-keys';

describe('issueApiKey', () => {
  it('is dk_live_ and 32 random bytes in base64url, stored as its SHA-256 hex', () => {
    const bytes = Buffer.alloc(32, 0xfb);
    const issued = issueApiKey(() => bytes);
    expect(issued.key).toBe(API_KEY_PREFIX + bytes.toString('base64url'));
    expect(issued.key).toMatch(/^dk_live_[A-Za-z0-9_-]{43}$/);
    expect(issued.hash).toBe(createHash('sha256').update(issued.key).digest('hex'));
    expect(issued.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the first 12 characters in the clear to tell keys apart', () => {
    const issued = issueApiKey();
    expect(API_KEY_SHOWN_LENGTH).toBe(12);
    expect(issued.prefix).toBe(issued.key.slice(0, 12));
    expect(issued.prefix.startsWith(API_KEY_PREFIX)).toBe(true);
  });

  it('makes a different key each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => issueApiKey().key));
    expect(keys.size).toBe(50);
  });
});

describe('apiKeyFromAuthorization', () => {
  const key = issueApiKey().key;

  it('reads the key of a bearer header, whatever the scheme’s case and surrounding space', () => {
    expect(apiKeyFromAuthorization(`Bearer ${key}`)).toBe(key);
    expect(apiKeyFromAuthorization(`bearer   ${key}  `)).toBe(key);
  });

  it('finds no key in a missing, empty or non-bearer header', () => {
    expect(apiKeyFromAuthorization(undefined)).toBeNull();
    expect(apiKeyFromAuthorization('')).toBeNull();
    expect(apiKeyFromAuthorization('Bearer')).toBeNull();
    expect(apiKeyFromAuthorization(`Basic ${key}`)).toBeNull();
    expect(apiKeyFromAuthorization(key)).toBeNull();
  });

  it('finds no key in what cannot be one: another prefix, a wrong length, a second word', () => {
    const body = key.slice(API_KEY_PREFIX.length);
    expect(apiKeyFromAuthorization(`Bearer dk_test_${body}`)).toBeNull();
    expect(apiKeyFromAuthorization(`Bearer ${key}x`)).toBeNull();
    expect(apiKeyFromAuthorization(`Bearer ${key.slice(0, -1)}`)).toBeNull();
    expect(apiKeyFromAuthorization(`Bearer ${key} ${key}`)).toBeNull();
    expect(apiKeyFromAuthorization(`Bearer ${key.slice(0, -1)}+`)).toBeNull();
  });

  it('hashes the key it reads to what was stored when the key was made', () => {
    const issued = issueApiKey();
    expect(apiKeyHash(apiKeyFromAuthorization(`Bearer ${issued.key}`)!)).toBe(issued.hash);
  });
});

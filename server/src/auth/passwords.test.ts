import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('x'.repeat(10))).not.toBe(await hashPassword('x'.repeat(10)));
  });

  it('refuses a malformed stored hash', async () => {
    expect(await verifyPassword('a', 'plain')).toBe(false);
  });
});

describe('tokens', () => {
  it('are unique and hash deterministically', () => {
    const a = newToken();
    expect(a).not.toBe(newToken());
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(a);
  });
});

import { randomBytes } from 'node:crypto';

/**
 * Crockford's base32: digits and capitals without I, L, O and U, so a code read aloud or typed
 * from a screen has no look-alike letters.
 */
export const PAIRING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Characters in a code: 10 × 5 bits = 50 bits, short enough to type on a phone. */
export const PAIRING_CODE_LENGTH = 10;

/** How long a code works after it is made, ms. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

/** Look-alikes Crockford's decoding reads as the character they resemble. */
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

/** A new random code in canonical form (`PAIRING_CODE_LENGTH` characters of the alphabet). */
export function newPairingCode(random: (size: number) => Uint8Array = randomBytes): string {
  // 256 is a multiple of 32, so the low five bits of each byte are uniform over the alphabet.
  return Array.from(random(PAIRING_CODE_LENGTH), (byte) => PAIRING_ALPHABET[byte & 31]).join('');
}

/**
 * A code as typed (any case, with spaces or dashes, O for 0 and I or L for 1) in canonical form,
 * or null when it cannot be one.
 */
export function normalisePairingCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[OIL]/g, (c) => LOOK_ALIKES[c]!);
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  for (const c of code) if (!PAIRING_ALPHABET.includes(c)) return null;
  return code;
}

/** The link a phone opens: the code rides in the fragment, which browsers never send to a server. */
export function pairingUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/driver/pair#${code}`;
}

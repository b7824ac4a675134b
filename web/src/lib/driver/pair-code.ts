/**
 * Pairing codes as the courier app receives them: in the fragment of the link the console shows
 * (`/driver/pair#<code>`, so the code never reaches a server log) or typed by hand.
 */

/** The code as the server compares it: no spaces, dashes or other separators, upper case. */
export function normalizeCode(raw: string): string {
  return raw.replace(/[^0-9a-z]/gi, '').toUpperCase();
}

/** The code carried in a link's fragment (`#ABCD2345`, with or without `#`), or null. */
export function codeFromFragment(hash: string): string | null {
  let text = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    text = decodeURIComponent(text);
  } catch {
    return null; // a malformed escape is not a code
  }
  // A fragment written as `code=…` (some QR readers add a key) reads the same.
  const keyed = /(?:^|&)code=([^&]*)/.exec(text);
  const code = normalizeCode(keyed ? keyed[1]! : text);
  return isPlausibleCode(code) ? code : null;
}

/** Whether a code is worth sending: the length the server accepts. */
export function isPlausibleCode(code: string): boolean {
  return code.length >= 6 && code.length <= 64;
}

/** Area/Location names (`America/Campo_Grande`, `Etc/GMT+3`) or `UTC`: no offsets like `+03:00`. */
const IANA_NAME = /^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/;

/**
 * The runtime's own spelling of an IANA time zone name (`america/sao_paulo` →
 * `America/Sao_Paulo`), or null when it is not one the runtime knows.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!IANA_NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

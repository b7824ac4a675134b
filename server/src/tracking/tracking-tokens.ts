import { createHash, createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Orm } from '../db/client';
import { serverSecrets } from '../db/schema';

const SECRET_NAME = 'tracking';

/**
 * Tracking links. A stop keeps a random salt (128 bits); its token is the HMAC-SHA256 of the salt
 * under the server's tracking key (256 bits, base64url), and the stop keeps the token's SHA-256
 * for lookup. A copy of the database alone yields no working link, while the server can give the
 * link again (the console's stop drawer, every email) without storing it.
 */
export class TrackingTokens {
  readonly #key: Buffer;

  constructor(key: string | Buffer) {
    this.#key = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  }

  /** The key from TRACKING_SECRET, else the one the server made on its first start (made now if none). */
  static async load(orm: Orm, configured: string | undefined): Promise<TrackingTokens> {
    if (configured) return new TrackingTokens(configured);
    await orm
      .insert(serverSecrets)
      .values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url') })
      .onConflictDoNothing();
    const [row] = await orm
      .select({ value: serverSecrets.value })
      .from(serverSecrets)
      .where(eq(serverSecrets.name, SECRET_NAME));
    return new TrackingTokens(row!.value);
  }

  /** A fresh salt with its token and the hash to store beside it. */
  issue(): { salt: string; token: string; hash: string } {
    const salt = randomBytes(16).toString('base64url');
    const token = this.tokenFor(salt);
    return { salt, token, hash: TrackingTokens.hashOf(token) };
  }

  tokenFor(salt: string): string {
    return createHmac('sha256', this.#key).update(`track:${salt}`).digest('base64url');
  }

  /** `${base}/t/<token>`, base without a trailing slash. */
  urlFor(salt: string, base: string): string {
    return `${base.replace(/\/+$/, '')}/t/${this.tokenFor(salt)}`;
  }

  /** What the stop stores and a request's token is looked up by. */
  static hashOf(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  /** Tokens are 43 base64url characters; anything else is refused before a lookup. */
  static looksValid(token: string): boolean {
    return /^[A-Za-z0-9_-]{43}$/.test(token);
  }
}

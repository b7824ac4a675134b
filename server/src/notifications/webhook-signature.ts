import { createHmac, randomBytes } from 'node:crypto';

/** Every webhook secret starts with this. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new signing secret: the prefix and 32 random bytes in base64url. */
export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The `Webhook-Signature` header: `v1=` and the hex HMAC-SHA256 of `"<timestamp>.<body>"`, keyed
 * with the secret exactly as it was shown (prefix included, as UTF-8).
 */
export function webhookSignature(secret: string, timestampS: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

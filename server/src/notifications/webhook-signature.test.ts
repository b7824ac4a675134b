import { describe, expect, it } from 'vitest';
import { newWebhookSecret, webhookSignature, WEBHOOK_SECRET_PREFIX } from './webhook-signature';

describe('webhook signatures', () => {
  it('are v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the whole secret', () => {
    // Reference value: printf '%s' '1767225600.{"id":"42"}' | openssl dgst -sha256 -hmac 'whsec_test-secret'
    expect(webhookSignature('whsec_test-secret', 1_767_225_600, '{"id":"42"}')).toBe(
      'v1=a0df5fc76ce130e7024cf00b5c15de6190769cc9dbcac9279fb68355ee16d587',
    );
  });

  it('change with the timestamp, the body and the secret', () => {
    const base = webhookSignature('whsec_a', 1, '{}');
    expect(webhookSignature('whsec_a', 2, '{}')).not.toBe(base);
    expect(webhookSignature('whsec_a', 1, '{ }')).not.toBe(base);
    expect(webhookSignature('whsec_b', 1, '{}')).not.toBe(base);
  });
});

describe('newWebhookSecret', () => {
  it('is the prefix and 32 random bytes in base64url, different every time', () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a.startsWith(WEBHOOK_SECRET_PREFIX)).toBe(true);
    const raw = Buffer.from(a.slice(WEBHOOK_SECRET_PREFIX.length), 'base64url');
    expect(raw).toHaveLength(32);
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});

import type { SendOutcome } from './channel';

/** Posts a signed webhook body; a 2xx answer is success, anything else a failed attempt. */
export interface WebhookTransport {
  post(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome>;
}

/**
 * Webhooks over HTTP with the platform's fetch: no redirects followed (a 3xx is a failed
 * attempt), no answer within `timeoutMs` is a failed attempt, and the answer's body is not read.
 * 410 Gone gives up on the delivery at once (`retry: false`).
 */
export function httpWebhookTransport(timeoutMs: number): WebhookTransport {
  return {
    async post(url, body, headers) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          body,
          headers,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.body?.cancel().catch(() => {});
        if (res.status >= 200 && res.status < 300)
          return { ok: true, retry: false, statusCode: res.status };
        return {
          ok: false,
          retry: res.status !== 410,
          statusCode: res.status,
          error: `answered ${res.status}`,
        };
      } catch (err) {
        return { ok: false, retry: true, error: describeFetchError(err, timeoutMs) };
      }
    },
  };
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
    return err.message;
  }
  return String(err);
}

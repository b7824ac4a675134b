import type { SendOutcome } from '../channel';
import type { SmsProvider } from './sms-provider';

/** How long a gateway may take to answer before the attempt counts as failed (and is retried). */
export const SMS_GATEWAY_TIMEOUT_MS = 10_000;

/** A generic HTTP SMS gateway, from SMS_GATEWAY_URL, _METHOD, _AUTH and _BODY. */
export interface HttpGatewaySettings {
  /** The URL; `{to}` and `{text}` are filled in URL-encoded. */
  url: string;
  method: 'GET' | 'POST';
  /** The `Authorization` header, as given. */
  auth?: string | undefined;
  /**
   * A POST body template: JSON (it starts with `{` or `[`; `{to}` and `{text}` are filled in
   * JSON-escaped) or a form (`To={to}&Body={text}`, filled in URL-encoded).
   */
  body?: string | undefined;
  timeoutMs?: number;
}

/** One request to the gateway. */
export interface GatewayRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
}

const fill = (template: string, to: string, text: string, escape: (v: string) => string) =>
  template.replace(/\{(to|text)\}/g, (_, name: string) => escape(name === 'to' ? to : text));

/** A string as it goes between the quotes of a JSON string. */
const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);

/** The request that sends `text` to `to` through the gateway. */
export function gatewayRequest(
  settings: HttpGatewaySettings,
  to: string,
  text: string,
): GatewayRequest {
  const headers: Record<string, string> = {
    accept: 'application/json, text/plain, */*',
    'user-agent': 'dispatch-control-tower',
  };
  if (settings.auth) headers.authorization = settings.auth;
  const url = fill(settings.url, to, text, encodeURIComponent);
  if (settings.method === 'GET') return { url, method: 'GET', headers, body: undefined };
  if (!settings.body) {
    headers['content-type'] = 'application/json';
    return { url, method: 'POST', headers, body: JSON.stringify({ to, text }) };
  }
  const json = /^\s*[[{]/.test(settings.body);
  headers['content-type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
  const body = fill(settings.body, to, text, json ? jsonEscape : encodeURIComponent);
  return { url, method: 'POST', headers, body };
}

/** A 2xx is sent; 5xx and 429 are tried again; any other answer refuses for good. */
export function gatewayOutcome(status: number, answer: string): SendOutcome {
  if (status >= 200 && status < 300) return { ok: true, retry: false, statusCode: status };
  const retry = status >= 500 || status === 429;
  const error = `gateway answered ${status}${answer ? `: ${answer.slice(0, 300)}` : ''}`;
  return { ok: false, retry, statusCode: status, error };
}

/** Sends through any HTTP SMS gateway whose API is a URL with the number and the text. */
export class HttpSmsGateway implements SmsProvider {
  constructor(
    private readonly settings: HttpGatewaySettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(to: string, text: string): Promise<SendOutcome> {
    const request = gatewayRequest(this.settings, to, text);
    const timeoutMs = this.settings.timeoutMs ?? SMS_GATEWAY_TIMEOUT_MS;
    let response: Response;
    try {
      response = await this.fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const reason = timedOut
        ? `the gateway did not answer within ${timeoutMs} ms`
        : `the gateway cannot be reached: ${networkReason(error)}`;
      return { ok: false, retry: true, error: reason };
    }
    const answer = await response.text().catch(() => '');
    return gatewayOutcome(response.status, answer.trim());
  }
}

/** The useful part of a fetch failure (undici hides the socket's error under `cause`). */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}

import type { Validator } from '@dispatch/shared';
import {
  courierListValidator,
  deviceTokenValidator,
  hubListValidator,
  wireErrorBodyValidator,
  type ApiCourier,
  type ApiHub,
} from './api-schemas';

export type { ApiCourier, ApiHub } from './api-schemas';

/** Where the session is opened. */
export const LOGIN_PATH = '/api/v1/auth/login';

/** A refused or failed REST call, with the server's error code when it sent one. */
export class DispatchApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DispatchApiError';
  }
}

/** The few REST calls the simulator needs, over global fetch with the session cookie. */
export class DispatchApi {
  private sessionCookie: string | null = null;

  constructor(private readonly baseUrl: string) {}

  /** Opens a session; the `sid` cookie from the answer is sent on every later call. */
  async login(email: string, password: string): Promise<void> {
    const res = await this.request('POST', LOGIN_PATH, { email, password });
    const sid = res.headers
      .getSetCookie()
      .map((c) => /^sid=([^;]*)/.exec(c)?.[1])
      .find((v) => v !== undefined);
    if (!sid)
      throw new DispatchApiError(res.status, 'unauthorized', 'login answered without a sid cookie');
    this.sessionCookie = `sid=${sid}`;
  }

  async listCouriers(): Promise<ApiCourier[]> {
    return (await this.getJson('/api/v1/couriers', courierListValidator)).couriers;
  }

  async listHubs(): Promise<ApiHub[]> {
    return (await this.getJson('/api/v1/hubs', hubListValidator)).hubs;
  }

  /** Issues a new device token for a courier (the old one stops working) and returns it. */
  async rotateDeviceToken(courierId: number): Promise<string> {
    const res = await this.request('POST', `/api/v1/couriers/${courierId}/token`);
    return parseBody(await res.json(), deviceTokenValidator).deviceToken;
  }

  private async getJson<T>(path: string, validator: Validator<T>): Promise<T> {
    const res = await this.request('GET', path);
    return parseBody(await res.json(), validator);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.sessionCookie) headers.cookie = this.sessionCookie;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause : err) : null;
      const reason = cause ? cause.message : String(err);
      throw new DispatchApiError(
        0,
        'unavailable',
        `cannot reach ${this.baseUrl} (${method} ${path}): ${reason}`,
      );
    }
    if (res.ok) return res;
    const text = await res.text();
    let code = res.status === 401 ? 'unauthorized' : 'http_error';
    let message = `${method} ${path} answered ${res.status}`;
    try {
      const parsed = wireErrorBodyValidator.parse(JSON.parse(text));
      if (parsed.ok) {
        code = parsed.value.code;
        message = `${message}: ${parsed.value.message}`;
      }
    } catch {
      // not JSON: keep the status line
    }
    throw new DispatchApiError(res.status, code, message);
  }
}

function parseBody<T>(value: unknown, validator: Validator<T>): T {
  const parsed = validator.parse(value);
  if (!parsed.ok)
    throw new DispatchApiError(200, 'invalid', `unexpected answer: ${parsed.error.message}`);
  return parsed.value;
}

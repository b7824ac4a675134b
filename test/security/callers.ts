import { SESSION_COOKIE } from '../../server/src/auth/guard';
import { hashToken } from '../../server/src/auth/tokens';
import type { TestServer } from '../helpers/test-server';
import type { SecurityWorld } from './world';

/** Every caller a route is probed with. */
export const CALLERS = [
  'none',
  'admin',
  'supervisorA',
  'dispatcherA',
  'dispatcherB',
  'deviceA',
  'deviceOther',
  'deviceRevoked',
  'shopA',
  'expired',
  'loggedOut',
] as const;
export type CallerName = (typeof CALLERS)[number];

let addresses = 0;
/** A client address no request came from yet (sign-ins are limited per address). */
export function freshAddress(): string {
  addresses++;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

/** The callers signed in to the console with a live session. */
export const CONSOLE_CALLERS = ['admin', 'supervisorA', 'dispatcherA', 'dispatcherB'] as const;
export type ConsoleCaller = (typeof CONSOLE_CALLERS)[number];

/** The role of each console caller. */
export const ROLE_OF = {
  admin: 'admin',
  supervisorA: 'supervisor',
  dispatcherA: 'dispatcher',
  dispatcherB: 'dispatcher',
} as const satisfies Record<ConsoleCaller, string>;

/** What a caller sends: a session cookie, or a Bearer token (a device's or a shop's key). */
export interface Credentials {
  cookie?: string;
  bearer?: string;
}

/** Every caller's credentials, made from the world; sessions can be made again. */
export class Callers {
  private readonly creds = new Map<CallerName, Credentials>();

  constructor(
    private readonly server: TestServer,
    private readonly world: SecurityWorld,
  ) {}

  /** Signs in from an address of its own, so sign-in limits per address never count. */
  async login(email: string, password: string): Promise<string> {
    const res = await this.server.app.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': freshAddress() },
      payload: { email, password },
    });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (res.statusCode !== 200 || !cookie) throw new Error(`login: ${res.statusCode} ${res.body}`);
    return `${SESSION_COOKIE}=${cookie.value}`;
  }

  /** Signs every console caller in afresh, and makes the ended sessions again. */
  async signIn(): Promise<void> {
    const { accounts } = this.world;
    for (const name of CONSOLE_CALLERS)
      this.creds.set(name, { cookie: await this.login(...accounts[name]) });
    const expired = await this.login(...accounts.dispatcherA);
    await this.server.app.db.query(
      `update sessions set expires_at = now() - interval '1 second' where token_hash = $1`,
      [hashToken(expired.slice('sid='.length))],
    );
    this.creds.set('expired', { cookie: expired });
    const loggedOut = await this.login(...accounts.dispatcherA);
    const out = await this.server.request('POST', '/api/v1/auth/logout', { cookie: loggedOut });
    if (out.status !== 204) throw new Error(`logout: ${out.status}`);
    this.creds.set('loggedOut', { cookie: loggedOut });
  }

  /** The device and shop callers (a revoked token: a courier's token revoked by an admin). */
  async issueTokens(): Promise<void> {
    const { world } = this;
    const revoked = await this.server.createCourier(this.creds.get('admin')!.cookie!, {
      name: 'Rex',
      hubId: world.hubA,
    });
    const res = await this.server.request('DELETE', `/api/v1/couriers/${revoked.id}/token`, {
      cookie: this.creds.get('admin')!.cookie,
    });
    if (res.status !== 204 && res.status !== 200) throw new Error(`revoke: ${res.status}`);
    this.creds.set('none', {});
    this.creds.set('deviceA', { bearer: world.courierA.deviceToken });
    this.creds.set('deviceOther', { bearer: world.courierA2.deviceToken });
    this.creds.set('deviceRevoked', { bearer: revoked.deviceToken });
    this.creds.set('shopA', { bearer: world.shopKey });
  }

  of(name: CallerName): Credentials {
    const found = this.creds.get(name);
    if (!found) throw new Error(`no credentials for ${name}`);
    return found;
  }

  /** Request headers carrying the caller's credentials. */
  headers(name: CallerName): Record<string, string> {
    const { cookie, bearer } = this.of(name);
    return {
      ...(cookie ? { cookie } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    };
  }
}

import type { Role } from '@dispatch/shared';
import { ROLE_OF, type CallerName } from './callers';
import type { SecurityWorld } from './world';

/** One request as a route row sends it. */
export interface ProbeRequest {
  /** The path with its parameters filled in (and a query). */
  url: string;
  body?: unknown;
  /** A raw body (multipart, CSV) with its content type. */
  payload?: Buffer | string;
  contentType?: string;
  /** More headers (a client address of its own for sign-ins). */
  headers?: Record<string, string>;
}

/** What a row's request may use: the world, and requests as the admin (a fresh plan, versions). */
export interface RowContext {
  world: SecurityWorld;
  asAdmin<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<T>;
}

/** Who may call a route, by what credential. */
export type Access =
  /** A console session of one of `roles`; `crossHub`: what another hub's user gets. */
  | { by: 'session'; roles: readonly Role[]; crossHub: 404 | 'allowed' }
  /** A console session (any role) or a live device token. */
  | { by: 'sessionOrDevice' }
  /** A live device token; `otherDevice`: what another courier's phone gets. */
  | { by: 'device'; otherDevice: 403 | 404 | 'allowed' }
  /** A shop's API key. */
  | { by: 'shopKey' }
  /** Anyone: no credential, or one in the path (a tracking link's token). */
  | { by: 'anyone' };

/** One route of the table: who may call it, what they get, what it writes. */
export interface RouteRow {
  /** `METHOD /path`, the path as the OpenAPI document writes it (`/api/v1/stops/{id}`). */
  route: string;
  access: Access;
  /** What an allowed caller gets; a 4xx here proves the guard let it through (see `why`). */
  ok: readonly number[];
  /** Why `ok` holds a 4xx, or anything else a reader would ask. */
  why?: string;
  /** Tables the route writes: hashed row by row around every refusal. */
  writes: readonly string[];
  request: (ctx: RowContext, caller: CallerName) => ProbeRequest | Promise<ProbeRequest>;
  /** Callers whose answer differs from what `access` implies, each with its reason in `why`. */
  except?: Partial<Record<CallerName, number>>;
  /** The route ends the caller's session: everyone signs in again after it. */
  endsSessions?: boolean;
}

export const ANY_ROLE: readonly Role[] = ['admin', 'supervisor', 'dispatcher'];
export const SUPERVISORS: readonly Role[] = ['admin', 'supervisor'];
export const ADMINS: readonly Role[] = ['admin'];

/** A console route for `roles`, scoped to hubs (another hub's objects answer 404). */
export const scoped = (roles: readonly Role[]): Access => ({ by: 'session', roles, crossHub: 404 });
/** A console route for `roles` whose answer another hub's user gets too (lists filtered to its hub). */
export const listed = (roles: readonly Role[]): Access => ({
  by: 'session',
  roles,
  crossHub: 'allowed',
});

/** What a caller should get: `allowed` with the row's `ok` statuses, or refused with one status. */
export type Expected = { allowed: true } | { allowed: false; status: number };

/**
 * The default outcome of `caller` on a route with `access`: no credential, an ended session, a
 * device token or shop key where a session is needed → 401; the wrong role → 403; another hub's
 * objects → 404.
 */
export function expected(row: RouteRow, caller: CallerName): Expected {
  const override = row.except?.[caller];
  if (override !== undefined)
    return override < 400 ? { allowed: true } : { allowed: false, status: override };
  const { access } = row;
  const refused = (status: number): Expected => ({ allowed: false, status });
  const session = caller in ROLE_OF ? (caller as keyof typeof ROLE_OF) : null;
  switch (access.by) {
    case 'anyone':
      return { allowed: true };
    case 'shopKey':
      return caller === 'shopA' ? { allowed: true } : refused(401);
    case 'device':
      if (caller === 'deviceA') return { allowed: true };
      if (caller === 'deviceOther')
        return access.otherDevice === 'allowed' ? { allowed: true } : refused(access.otherDevice);
      return refused(401);
    case 'sessionOrDevice':
      return session || caller === 'deviceA' || caller === 'deviceOther'
        ? { allowed: true }
        : refused(401);
    case 'session': {
      if (!session) return refused(401);
      if (!access.roles.includes(ROLE_OF[session])) return refused(403);
      if (session === 'dispatcherB' && access.crossHub === 404) return refused(404);
      return { allowed: true };
    }
  }
}

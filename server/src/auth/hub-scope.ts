import { eq, isNull, or, type Column, type SQL } from 'drizzle-orm';
import { DomainError, type ConsoleUser } from '@dispatch/shared';
import type { EventInput, SecurityLog } from '../events/event-log';

/** What a user's hub scope needs of the user: the hub they are bound to, or null for every hub. */
export type ScopedUser = Pick<ConsoleUser, 'hubId'>;

/**
 * Whether a user may see and change something of `hubId`: users bound to a hub work on that hub
 * (and on stops that have no hub yet, `hubId` null); users bound to none work on every hub.
 */
export function inHubScope(user: ScopedUser, hubId: number | null): boolean {
  return user.hubId === null || hubId === null || user.hubId === hubId;
}

/**
 * Refuses something of another hub as if it did not exist (`not_found`), so a user bound to a
 * hub cannot learn what other hubs hold.
 */
export function assertInHubScope(user: ScopedUser, hubId: number | null, what = 'it'): void {
  if (!inHubScope(user, hubId)) throw new DomainError('not_found', `${what} does not exist`);
}

/**
 * The condition keeping a list to the rows a user may see: the rows of their hub and those of no
 * hub (`column` is a hub id column); `undefined` (no condition) for a user bound to no hub.
 */
export function scopeCondition(user: ScopedUser, column: Column): SQL | undefined {
  return user.hubId === null ? undefined : or(eq(column, user.hubId), isNull(column));
}

/** What a refused request asked for: named in the `not_found` answer and the security event. */
export interface ScopeSubject {
  type: EventInput['subjectType'];
  id: number | null;
}

/**
 * A signed-in user's hub scope, the one place routes and services check it: filters for lists,
 * a check for a loaded row's hub (a refusal answers `not_found` and is recorded as a
 * `scope.cross_hub_refused` security event), and the hub a request acts for.
 */
export interface HubScope {
  /** The hub the user is bound to, or null for every hub. */
  readonly hubId: number | null;
  /** Whether something of `hubId` (null: no hub yet) is in scope. */
  has(hubId: number | null): boolean;
  /** Refuses `subject`, of `hubId`, as if it did not exist when it is of another hub. */
  assert(hubId: number | null, subject: ScopeSubject): void;
  /** `scopeCondition` for this user: keeps a list to their hub's rows and rows of no hub. */
  condition(column: Column): SQL | undefined;
  /**
   * The hub a request acts for: the one it names (checked), or, naming none, the user's own
   * (`undefined` for a user bound to no hub: every hub).
   */
  resolve(asked: number | undefined): number | undefined;
}

/** The scope of `user`; refusals are recorded in `refusals`, naming `where` (e.g. the route). */
export function createHubScope(
  user: Pick<ConsoleUser, 'id' | 'hubId'>,
  refusals: SecurityLog,
  where: string,
): HubScope {
  const has = (hubId: number | null) => inHubScope(user, hubId);
  const assert = (hubId: number | null, subject: ScopeSubject) => {
    if (has(hubId)) return;
    refusals.record(
      { type: 'user', id: user.id },
      {
        kind: 'scope.cross_hub_refused',
        subjectType: subject.type,
        subjectId: subject.id,
        hubId,
        data: { userHubId: user.hubId, where },
      },
    );
    const name = subject.id === null ? subject.type : `${subject.type} ${subject.id}`;
    throw new DomainError('not_found', `${name} does not exist`);
  };
  return {
    hubId: user.hubId,
    has,
    assert,
    condition: (column) => scopeCondition(user, column),
    resolve(asked) {
      if (asked === undefined) return user.hubId ?? undefined;
      assert(asked, { type: 'hub', id: asked });
      return asked;
    },
  };
}

/** The scope of the server's own work and of callers bound to no hub: every hub, nothing refused. */
export const EVERY_HUB: HubScope = {
  hubId: null,
  has: () => true,
  assert: () => undefined,
  condition: () => undefined,
  resolve: (asked) => asked,
};

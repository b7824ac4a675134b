import { and, asc, eq, gt, max, ne } from 'drizzle-orm';
import { DomainError, type UserPatch, type UserView } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { sessions, users } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type EventInput } from '../events/event-log';
import { assertHubExists } from './auth-service';
import { assertPasswordAllowed } from './password-policy';
import { hashPassword } from './passwords';
import { hashToken } from './tokens';

type UserRow = typeof users.$inferSelect;

/** Who changes a user: an admin, and the session they do it from (kept on their own password change). */
export interface UserChanger {
  id: number;
  /** The admin's hub: an admin bound to a hub manages only that hub's users. */
  hubId: number | null;
  sessionToken: string | undefined;
}

/**
 * The hub a new user gets when an admin of `adminHubId` asks for `asked`: an admin bound to a hub
 * makes users of that hub only (theirs when none is asked; `forbidden` for another hub or every
 * hub, which would reach beyond their own).
 */
export function hubForNewUser(
  adminHubId: number | null,
  asked: number | null | undefined,
): number | null {
  if (adminHubId === null) return asked ?? null;
  if (asked === undefined || asked === adminHubId) return adminHubId;
  throw new DomainError('forbidden', 'you manage the users of your own hub only');
}

/**
 * Console users as admins manage them: the list, and changes of name, role, hub, activity and
 * password. A new password ends the user's other sessions; a new role or hub, or deactivation,
 * ends them all. There is always an active admin left.
 */
export class UserAdmin {
  constructor(
    private readonly orm: Orm,
    private readonly bus: Pick<DomainBus, 'emit'>,
  ) {}

  /**
   * Every user an admin of `adminHubId` manages (all for an admin of every hub), by name, with
   * when the newest open session began.
   */
  async list(adminHubId: number | null, now = new Date()): Promise<UserView[]> {
    const [rows, open] = await Promise.all([
      this.orm
        .select()
        .from(users)
        .where(adminHubId === null ? undefined : eq(users.hubId, adminHubId))
        .orderBy(asc(users.name), asc(users.id)),
      this.orm
        .select({ userId: sessions.userId, newest: max(sessions.createdAt) })
        .from(sessions)
        .where(gt(sessions.expiresAt, now))
        .groupBy(sessions.userId),
    ]);
    const signedIn = new Map(open.map((s) => [s.userId, s.newest]));
    return rows.map((row) => toUserView(row, signedIn.get(row.id) ?? null));
  }

  /** One user as the list shows them (`not_found` when there is no such user). */
  async get(id: number, now = new Date()): Promise<UserView> {
    const [row] = await this.orm.select().from(users).where(eq(users.id, id));
    if (!row) throw new DomainError('not_found', `there is no user ${id}`);
    const [open] = await this.orm
      .select({ newest: max(sessions.createdAt) })
      .from(sessions)
      .where(and(eq(sessions.userId, id), gt(sessions.expiresAt, now)));
    return toUserView(row, open?.newest ?? null);
  }

  /**
   * Applies an admin's change to user `id` (`not_found` for a user of another hub than a
   * hub-bound admin's, `forbidden` for moving one there). Refuses a password the policy does not allow
   * (`invalid`), an unknown hub (`invalid`), and a change that would leave no active admin
   * (`conflict`); changes nothing then.
   */
  async update(id: number, patch: UserPatch, by: UserChanger): Promise<UserView> {
    const passwordHash = patch.password === undefined ? null : await hashPassword(patch.password);
    const sessionsEnded = await this.orm.transaction(async (tx) => {
      const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
      if (!before || (by.hubId !== null && before.hubId !== by.hubId))
        throw new DomainError('not_found', `there is no user ${id}`);
      if (patch.hubId !== undefined) hubForNewUser(by.hubId, patch.hubId);
      if (patch.password !== undefined) assertPasswordAllowed(patch.password, before.email);
      if (patch.hubId !== undefined && patch.hubId !== null) await assertHubExists(tx, patch.hubId);
      const losesAdmin =
        before.role === 'admin' &&
        before.active &&
        ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);
      if (losesAdmin) {
        // Locking the active admins makes two admins demoting each other at once take turns.
        const otherAdmins = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, id)))
          .for('update');
        if (otherAdmins.length === 0)
          throw new DomainError(
            'conflict',
            'this is the last active admin: make another user admin first',
          );
      }
      const changes = changedFields(before, patch);
      const now = new Date();
      const set = {
        ...changes.set,
        ...(passwordHash ? { passwordHash, passwordChangedAt: now } : {}),
      };
      if (Object.keys(set).length > 0) await tx.update(users).set(set).where(eq(users.id, id));
      const events: EventInput[] = [];
      if (Object.keys(changes.recorded).length > 0)
        events.push({
          kind: 'user.changed',
          subjectType: 'user',
          subjectId: id,
          hubId: changes.set.hubId !== undefined ? changes.set.hubId : before.hubId,
          data: changes.recorded,
        });
      if (passwordHash)
        events.push({
          kind: 'auth.password_changed',
          subjectType: 'user',
          subjectId: id,
          hubId: before.hubId,
          data: { byAdmin: by.id !== id },
        });
      if (events.length > 0) await appendEvents(tx, { type: 'user', id: by.id }, events);
      if (changes.endsSessions) {
        const ended = await tx.delete(sessions).where(eq(sessions.userId, id)).returning();
        return ended.length > 0;
      }
      if (passwordHash) {
        // A user changing their own password stays signed in where they did it.
        const kept = by.id === id && by.sessionToken ? hashToken(by.sessionToken) : null;
        const ended = await tx
          .delete(sessions)
          .where(
            kept
              ? and(eq(sessions.userId, id), ne(sessions.tokenHash, kept))
              : eq(sessions.userId, id),
          )
          .returning();
        return ended.length > 0;
      }
      return false;
    });
    if (sessionsEnded) this.bus.emit('sessions:ended', id);
    return this.get(id);
  }
}

/** What a patch changes (the password apart), and whether that ends the user's sessions. */
function changedFields(before: UserRow, patch: UserPatch) {
  const set: Partial<Pick<UserRow, 'name' | 'role' | 'hubId' | 'active'>> = {};
  const recorded: Record<string, unknown> = {};
  if (patch.name !== undefined && patch.name !== before.name) {
    set.name = patch.name;
    recorded.name = { from: before.name, to: patch.name };
  }
  if (patch.role !== undefined && patch.role !== before.role) {
    set.role = patch.role;
    recorded.role = { from: before.role, to: patch.role };
  }
  if (patch.hubId !== undefined && patch.hubId !== before.hubId) {
    set.hubId = patch.hubId;
    recorded.hubId = { from: before.hubId, to: patch.hubId };
  }
  if (patch.active !== undefined && patch.active !== before.active) {
    set.active = patch.active;
    recorded.active = { from: before.active, to: patch.active };
  }
  const endsSessions = set.role !== undefined || set.hubId !== undefined || set.active === false;
  return { set, recorded, endsSessions };
}

function toUserView(row: UserRow, signedInAt: Date | null): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    hubId: row.hubId,
    active: row.active,
    createdAt: row.createdAt.getTime(),
    signedInAt: signedInAt ? new Date(signedInAt).getTime() : null,
    passwordChangedAt: row.passwordChangedAt?.getTime() ?? null,
  };
}

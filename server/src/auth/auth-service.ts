import { and, eq, gt, lt } from 'drizzle-orm';
import { DomainError, type ConsoleUser, type Role } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { UNIQUE_VIOLATION, databaseCode } from '../db/conflict-retry';
import { hubs, sessions, users } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents } from '../events/event-log';
import { assertPasswordAllowed } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

/** A new console user's fields. */
export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  hubId?: number | null;
}

/** Users, passwords and console sessions. */
export class AuthService {
  constructor(
    private readonly orm: Orm,
    private readonly sessionTtlMs: number,
    private readonly bus: Pick<DomainBus, 'emit'>,
  ) {}

  /**
   * Creates a console user whose password meets the policy (`invalid` naming the rule), with an
   * email no one has (`conflict`); `by` is who made it, recorded as a `user.changed` event.
   */
  async createUser(
    input: NewUser,
    by: { type: 'user'; id: number } | null = null,
  ): Promise<ConsoleUser> {
    assertPasswordAllowed(input.password, input.email);
    return this.insertUser(input, by);
  }

  /**
   * Creates the admin from the environment unless a user with that email exists. ADMIN_PASSWORD
   * is the operator's own and is not held to the password policy. Nodes starting together may
   * both try: the one that finds the user made meanwhile (a `conflict`, or the unique index)
   * leaves it as it is.
   */
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    const found = await this.orm
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, email.toLowerCase()));
    if (found.length > 0) return false;
    try {
      await this.insertUser({ email, name: 'Administrator', role: 'admin', password }, null);
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return false;
      if (databaseCode(err) === UNIQUE_VIOLATION) return false;
      throw err;
    }
  }

  /**
   * Checks credentials and opens a session; returns the cookie value. Unknown emails, wrong
   * passwords and deactivated users are refused alike (`unauthorized`).
   */
  async login(
    email: string,
    password: string,
  ): Promise<{ token: string; user: ConsoleUser; expiresAt: Date }> {
    const [row] = await this.orm
      .select()
      .from(users)
      .where(eq(users.email, email.trim().toLowerCase()));
    // Hash even when the user is unknown, so response time does not reveal which emails exist.
    const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
    if (!row || !ok || !row.active)
      throw new DomainError('unauthorized', 'wrong email or password');
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.sessionTtlMs);
    await this.orm
      .insert(sessions)
      .values({ tokenHash: hashToken(token), userId: row.id, expiresAt });
    return { token, user: toConsoleUser(row), expiresAt };
  }

  /** Ends the session of `token`; its user's console sockets are told (`sessions:ended`). */
  async logout(token: string): Promise<void> {
    const ended = await this.orm
      .delete(sessions)
      .where(eq(sessions.tokenHash, hashToken(token)))
      .returning({ userId: sessions.userId });
    for (const { userId } of ended) this.bus.emit('sessions:ended', userId);
  }

  /** The active user behind a session cookie, or null when missing, unknown or expired. */
  async userForSession(token: string | undefined): Promise<ConsoleUser | null> {
    if (!token) return null;
    const rows = await this.orm
      .select({ user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.tokenHash, hashToken(token)),
          gt(sessions.expiresAt, new Date()),
          eq(users.active, true),
        ),
      );
    const row = rows[0];
    return row ? toConsoleUser(row.user) : null;
  }

  async purgeExpiredSessions(): Promise<void> {
    await this.orm.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  }

  private async insertUser(
    input: NewUser,
    by: { type: 'user'; id: number } | null,
  ): Promise<ConsoleUser> {
    const email = input.email.trim().toLowerCase();
    const hubId = input.hubId ?? null;
    const passwordHash = await hashPassword(input.password);
    const row = await this.orm.transaction(async (tx) => {
      const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing.length > 0)
        throw new DomainError('conflict', `a user with email ${email} exists`);
      if (hubId !== null) await assertHubExists(tx, hubId);
      const [inserted] = await tx
        .insert(users)
        .values({ email, name: input.name, role: input.role, passwordHash, hubId })
        .returning();
      await appendEvents(tx, by ?? { type: 'system' }, [
        {
          kind: 'user.changed',
          subjectType: 'user',
          subjectId: inserted!.id,
          hubId,
          data: { created: true, role: input.role, hubId },
        },
      ]);
      return inserted!;
    });
    return toConsoleUser(row);
  }
}

/** Refuses (`invalid`) a hub id no hub has. */
export async function assertHubExists(orm: Pick<Orm, 'select'>, hubId: number): Promise<void> {
  const found = await orm.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, hubId));
  if (found.length === 0) throw new DomainError('invalid', `there is no hub ${hubId}`);
}

const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A users row as the console sees its signed-in user. */
export function toConsoleUser(row: typeof users.$inferSelect): ConsoleUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, hubId: row.hubId };
}

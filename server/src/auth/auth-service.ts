import { and, eq, gt, lt } from 'drizzle-orm';
import { DomainError, type ConsoleUser, type Role } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { sessions, users } from '../db/schema';
import { hashPassword, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

/** Users, passwords and console sessions. */
export class AuthService {
  constructor(
    private readonly orm: Orm,
    private readonly sessionTtlMs: number,
  ) {}

  async createUser(input: {
    email: string;
    name: string;
    role: Role;
    password: string;
    hubId?: number | null;
  }): Promise<ConsoleUser> {
    const email = input.email.trim().toLowerCase();
    const existing = await this.orm
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, email));
    if (existing.length > 0) throw new DomainError('conflict', `a user with email ${email} exists`);
    const [row] = await this.orm
      .insert(users)
      .values({
        email,
        name: input.name,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        hubId: input.hubId ?? null,
      })
      .returning();
    return toConsoleUser(row!);
  }

  /** Creates the admin from the environment unless a user with that email exists. */
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    const found = await this.orm
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, email.toLowerCase()));
    if (found.length > 0) return false;
    await this.createUser({ email, name: 'Administrator', role: 'admin', password });
    return true;
  }

  /** Checks credentials and opens a session; returns the cookie value. */
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

  async logout(token: string): Promise<void> {
    await this.orm.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  }

  /** The user behind a session cookie, or null when missing, unknown or expired. */
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
}

const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function toConsoleUser(row: typeof users.$inferSelect): ConsoleUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, hubId: row.hubId };
}

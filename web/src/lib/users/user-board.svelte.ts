import {
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULES,
  type PasswordRule,
  type Role,
  type UserPatch,
  type UserView,
} from '@dispatch/shared';
import { ApiError } from '../api';
import { failureWording, type Wording } from '../stops-admin/wording';
import type { UsersApi } from './users-api';

/** A new user as typed on the page. */
export interface NewUserForm {
  name: string;
  email: string;
  role: Role;
  hubId: number | null;
  password: string;
}

/** The password policy's rule a refusal names, if it names one. */
export function brokenPasswordRule(err: unknown): PasswordRule | null {
  if (!(err instanceof ApiError) || err.code !== 'invalid') return null;
  const rule = err.details?.find((d) => d.path === '/password')?.message;
  return (PASSWORD_RULES as readonly string[]).includes(rule ?? '') ? (rule as PasswordRule) : null;
}

/**
 * Why a call failed: the password policy's rules and a `conflict` (`onConflict`: an email taken,
 * the last admin) in the page's own words, else the server's.
 */
export function userFailureWording(err: unknown, onConflict: Wording | null = null): Wording {
  const rule = brokenPasswordRule(err);
  if (rule) return (t) => t(`users.password.${rule}`, { min: PASSWORD_MIN_LENGTH });
  if (onConflict && err instanceof ApiError && err.code === 'conflict') return onConflict;
  return failureWording(err);
}

/**
 * The Users page: every console user, a new one, and changes of role, hub, activity and password.
 * A short password is refused here before it is sent; the server checks the rest of the policy.
 */
export class UserBoard {
  users = $state.raw<UserView[]>([]);
  loaded = $state(false);
  busy = $state(false);
  /** What the last action did or why it failed, in words. */
  message = $state.raw<Wording | null>(null);
  failed = $state(false);

  constructor(private readonly api: UsersApi) {}

  async load(): Promise<void> {
    await this.run(async () => {
      this.users = await this.api.list();
      this.loaded = true;
    });
  }

  async create(form: NewUserForm): Promise<boolean> {
    const name = form.name.trim();
    const email = form.email.trim();
    if (!name || !email) return this.refuse((t) => t('users.fieldsMissing'));
    if (tooShort(form.password)) return this.refuse(shortWording);
    return this.run(
      async () => {
        await this.api.create({
          name,
          email,
          role: form.role,
          password: form.password,
          hubId: form.hubId,
        });
        this.users = await this.api.list();
        this.message = (t) => t('users.created', { name });
      },
      (t) => t('users.emailTaken', { email }),
    );
  }

  /** Changes role or hub (which signs the user out everywhere). */
  changeRole(user: UserView, role: Role): Promise<boolean> {
    return this.change(user, { role }, (t) => t('users.roleChanged', { name: user.name }));
  }

  changeHub(user: UserView, hubId: number | null): Promise<boolean> {
    return this.change(user, { hubId }, (t) => t('users.hubChanged', { name: user.name }));
  }

  setActive(user: UserView, active: boolean): Promise<boolean> {
    return this.change(user, { active }, (t) =>
      t(active ? 'users.reactivated' : 'users.deactivated', { name: user.name }),
    );
  }

  resetPassword(user: UserView, password: string): Promise<boolean> {
    if (tooShort(password)) return Promise.resolve(this.refuse(shortWording));
    return this.change(user, { password }, (t) => t('users.passwordReset', { name: user.name }));
  }

  private change(user: UserView, patch: UserPatch, done: Wording): Promise<boolean> {
    return this.run(
      async () => {
        const changed = await this.api.update(user.id, patch);
        this.users = this.users.map((u) => (u.id === changed.id ? changed : u));
        this.message = done;
      },
      (t) => t('users.lastAdmin'),
    );
  }

  private async run(
    action: () => Promise<void>,
    onConflict: Wording | null = null,
  ): Promise<boolean> {
    this.busy = true;
    this.message = null;
    this.failed = false;
    try {
      await action();
      return true;
    } catch (err) {
      this.refuse(userFailureWording(err, onConflict));
      return false;
    } finally {
      this.busy = false;
    }
  }

  private refuse(message: Wording): false {
    this.message = message;
    this.failed = true;
    return false;
  }
}

const tooShort = (password: string) => [...password].length < PASSWORD_MIN_LENGTH;
const shortWording: Wording = (t) => t('users.password.too_short', { min: PASSWORD_MIN_LENGTH });

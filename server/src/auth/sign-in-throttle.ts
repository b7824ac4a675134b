/** How sign-ins are limited, per address and per account. */
export interface SignInLimits {
  /** Attempts one address may make per window, right or wrong. */
  attemptsPerAddress: number;
  addressWindowMs: number;
  /** Wrong passwords in a row for one account before it is locked. */
  failuresBeforeLockout: number;
  /** The first lockout; each next one lasts twice the one before, up to `maxLockoutMs`. */
  firstLockoutMs: number;
  maxLockoutMs: number;
  /** An account with no wrong password for this long starts again from no failures and no lockouts. */
  forgetAfterMs: number;
  /** Addresses and accounts remembered at most; the oldest are dropped first. */
  maxKeys: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  attemptsPerAddress: 20,
  addressWindowMs: 60_000,
  failuresBeforeLockout: 5,
  firstLockoutMs: 60_000,
  maxLockoutMs: 60 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
  maxKeys: 50_000,
};

/** Whether a sign-in may be tried now, and if not, for how long it is refused and why. */
export type SignInVerdict =
  | { allowed: true }
  | {
      allowed: false;
      retryAfterMs: number;
      because: 'address' | 'account';
      /** The address's first refusal in its window (worth recording once). */
      firstRefusal: boolean;
    };

interface AccountRecord {
  failures: number;
  lockouts: number;
  lockedUntil: number;
  lastFailureAt: number;
}

/**
 * Sign-in limits without I/O (time is passed in): a fixed window of attempts per client address,
 * and per account (the email as typed, lower-cased, whether or not such a user exists) a lockout
 * after several wrong passwords in a row that doubles each time. A locked account refuses even
 * the right password until the lockout ends.
 */
export class SignInThrottle {
  private readonly addresses = new Map<string, { start: number; count: number }>();
  private readonly accounts = new Map<string, AccountRecord>();

  constructor(private readonly limits: SignInLimits = SIGN_IN_LIMITS) {}

  /** Counts an attempt from `address` for `account` and says whether it may go ahead. */
  attempt(address: string, account: string, now: number): SignInVerdict {
    const record = this.accountRecord(account, now);
    if (record && record.lockedUntil > now)
      return {
        allowed: false,
        retryAfterMs: record.lockedUntil - now,
        because: 'account',
        firstRefusal: false,
      };
    let window = this.addresses.get(address);
    if (!window || now - window.start >= this.limits.addressWindowMs) {
      window = { start: now, count: 0 };
      remember(this.addresses, address, window, this.limits.maxKeys);
    }
    window.count++;
    if (window.count > this.limits.attemptsPerAddress)
      return {
        allowed: false,
        retryAfterMs: window.start + this.limits.addressWindowMs - now,
        because: 'address',
        firstRefusal: window.count === this.limits.attemptsPerAddress + 1,
      };
    return { allowed: true };
  }

  /** Records a wrong password for `account`; returns the lockout it started, if any. */
  failed(account: string, now: number): { lockoutMs: number; lockedUntil: number } | null {
    const key = accountKey(account);
    const record = this.accountRecord(account, now) ?? {
      failures: 0,
      lockouts: 0,
      lockedUntil: 0,
      lastFailureAt: now,
    };
    record.failures++;
    record.lastFailureAt = now;
    remember(this.accounts, key, record, this.limits.maxKeys);
    if (record.failures < this.limits.failuresBeforeLockout) return null;
    const lockoutMs = Math.min(
      this.limits.firstLockoutMs * 2 ** record.lockouts,
      this.limits.maxLockoutMs,
    );
    record.failures = 0;
    record.lockouts++;
    record.lockedUntil = now + lockoutMs;
    return { lockoutMs, lockedUntil: record.lockedUntil };
  }

  /** The right password: the account starts again from no failures. */
  succeeded(account: string): void {
    this.accounts.delete(accountKey(account));
  }

  private accountRecord(account: string, now: number): AccountRecord | undefined {
    const key = accountKey(account);
    const record = this.accounts.get(key);
    if (
      record &&
      record.lockedUntil <= now &&
      now - record.lastFailureAt >= this.limits.forgetAfterMs
    ) {
      this.accounts.delete(key);
      return undefined;
    }
    return record;
  }
}

/** The account an email names, as the users table stores emails. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Sets `key` as the newest entry, dropping the oldest when the map is full. */
function remember<V>(map: Map<string, V>, key: string, value: V, maxKeys: number): void {
  map.delete(key);
  if (map.size >= maxKeys) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

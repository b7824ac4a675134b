import { DomainError, type ConsoleUser } from '@dispatch/shared';
import type { SecurityLog } from '../events/event-log';
import type { AuthService } from './auth-service';
import { accountKey, type SignInThrottle } from './sign-in-throttle';

/** A sign-in refused for now: too many attempts from the address, or the account is locked. */
export class SignInRefused extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'rate_limited',
      `too many sign-in attempts; try again in ${describeWait(retryAfterSeconds)}`,
    );
  }
}

/**
 * Sign-in behind the limits: each attempt is counted per address and per account before the
 * password is checked; wrong passwords (`auth.login_failed`) and lockouts (`auth.locked_out`)
 * go to the security log.
 */
export class SignInDesk {
  constructor(
    private readonly deps: {
      auth: Pick<AuthService, 'login'>;
      throttle: SignInThrottle;
      security: SecurityLog;
      now: () => number;
    },
  ) {}

  /** Opens a session, or refuses: `unauthorized`, or `SignInRefused` (`rate_limited`). */
  async signIn(
    email: string,
    password: string,
    ip: string,
  ): Promise<{ token: string; user: ConsoleUser; expiresAt: Date }> {
    const { auth, throttle, security, now } = this.deps;
    const account = accountKey(email);
    const verdict = throttle.attempt(ip, account, now());
    if (!verdict.allowed) {
      if (verdict.firstRefusal && verdict.because === 'address')
        security.record(ANONYMOUS, {
          kind: 'auth.locked_out',
          subjectType: 'user',
          subjectId: null,
          data: { ip, email: account, because: 'address', retryAfterMs: verdict.retryAfterMs },
        });
      throw new SignInRefused(Math.ceil(verdict.retryAfterMs / 1000));
    }
    try {
      const session = await auth.login(email, password);
      throttle.succeeded(account);
      return session;
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'unauthorized') throw err;
      security.record(ANONYMOUS, {
        kind: 'auth.login_failed',
        subjectType: 'user',
        subjectId: null,
        data: { ip, email: account },
      });
      const lockout = throttle.failed(account, now());
      if (lockout)
        security.record(ANONYMOUS, {
          kind: 'auth.locked_out',
          subjectType: 'user',
          subjectId: null,
          data: { ip, email: account, because: 'account', lockoutMs: lockout.lockoutMs },
        });
      throw err;
    }
  }
}

const ANONYMOUS = { type: 'anonymous' } as const;

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

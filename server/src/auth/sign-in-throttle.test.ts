import { describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS, SignInThrottle, type SignInLimits } from './sign-in-throttle';

const limits: SignInLimits = {
  attemptsPerAddress: 3,
  addressWindowMs: 60_000,
  failuresBeforeLockout: 2,
  firstLockoutMs: 1000,
  maxLockoutMs: 5000,
  forgetAfterMs: 100_000,
  maxKeys: 100,
};

let addresses = 0;

/** Fails `n` times for `account` at `now`, each from an address not seen before. */
function failTimes(throttle: SignInThrottle, account: string, n: number, now: number) {
  let lockout = null;
  for (let i = 0; i < n; i++) {
    expect(throttle.attempt(`10.0.${++addresses}`, account, now).allowed).toBe(true);
    lockout = throttle.failed(account, now);
  }
  return lockout;
}

describe('sign-in throttle', () => {
  it('refuses an address over its attempts per window until the window ends', () => {
    const throttle = new SignInThrottle(limits);
    for (let i = 0; i < 3; i++)
      expect(throttle.attempt('1.2.3.4', `user${i}@x.co`, 10_000).allowed).toBe(true);
    expect(throttle.attempt('1.2.3.4', 'other@x.co', 30_000)).toEqual({
      allowed: false,
      retryAfterMs: 40_000,
      because: 'address',
      firstRefusal: true,
    });
    expect(throttle.attempt('1.2.3.4', 'other@x.co', 30_000)).toMatchObject({
      firstRefusal: false,
    });
    expect(throttle.attempt('5.6.7.8', 'other@x.co', 30_000).allowed).toBe(true);
    expect(throttle.attempt('1.2.3.4', 'other@x.co', 70_000).allowed).toBe(true);
  });

  it('locks an account after wrong passwords in a row, from any address', () => {
    const throttle = new SignInThrottle(limits);
    expect(failTimes(throttle, 'ana@x.co', 1, 0)).toBeNull();
    expect(failTimes(throttle, 'ana@x.co', 1, 0)).toEqual({ lockoutMs: 1000, lockedUntil: 1000 });
    expect(throttle.attempt('9.9.9.9', 'ana@x.co', 400)).toEqual({
      allowed: false,
      retryAfterMs: 600,
      because: 'account',
      firstRefusal: false,
    });
    expect(throttle.attempt('9.9.9.9', 'ana@x.co', 1000).allowed).toBe(true);
  });

  it('keys accounts by the email lower-cased and trimmed, known or not', () => {
    const throttle = new SignInThrottle(limits);
    failTimes(throttle, 'Nobody@X.co', 1, 0);
    failTimes(throttle, ' nobody@x.co', 1, 0);
    expect(throttle.attempt('9.9.9.9', 'NOBODY@x.co', 10)).toMatchObject({ because: 'account' });
  });

  it('doubles each next lockout up to the cap', () => {
    const throttle = new SignInThrottle(limits);
    const lengths: number[] = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      const lockout = failTimes(throttle, 'ana@x.co', 2, now)!;
      lengths.push(lockout.lockoutMs);
      now = lockout.lockedUntil;
    }
    expect(lengths).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('starts an account again from nothing after the right password', () => {
    const throttle = new SignInThrottle(limits);
    const first = failTimes(throttle, 'ana@x.co', 2, 0)!;
    throttle.succeeded('ana@x.co');
    expect(failTimes(throttle, 'ana@x.co', 1, first.lockedUntil)).toBeNull();
    expect(failTimes(throttle, 'ana@x.co', 1, first.lockedUntil)!.lockoutMs).toBe(1000);
  });

  it('forgets an account with no wrong password for a long while', () => {
    const throttle = new SignInThrottle(limits);
    failTimes(throttle, 'ana@x.co', 2, 0);
    failTimes(throttle, 'ana@x.co', 1, 50_000);
    expect(failTimes(throttle, 'ana@x.co', 1, 200_000)).toBeNull();
    expect(failTimes(throttle, 'ana@x.co', 1, 200_000)!.lockoutMs).toBe(1000);
  });

  it('refuses the address limit and locks accounts with the shipped limits too', () => {
    const throttle = new SignInThrottle();
    const n = SIGN_IN_LIMITS.failuresBeforeLockout;
    let lockout = null;
    for (let i = 0; i < n; i++) {
      throttle.attempt(`10.1.0.${i}`, 'ana@x.co', 0);
      lockout = throttle.failed('ana@x.co', 0);
    }
    expect(lockout?.lockoutMs).toBe(SIGN_IN_LIMITS.firstLockoutMs);
    for (let i = 0; i < SIGN_IN_LIMITS.attemptsPerAddress; i++)
      throttle.attempt('10.2.0.1', `u${i}@x.co`, 0);
    expect(throttle.attempt('10.2.0.1', 'new@x.co', 0).allowed).toBe(false);
  });
});

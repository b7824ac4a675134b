import { dictionary } from '@zxcvbn-ts/language-common';
import {
  DomainError,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordRule,
} from '@dispatch/shared';

/**
 * The shortest part of an email before the `@` that a password may not contain: shorter ones
 * (`ana`, `jo`) turn up inside ordinary words too often to say anything about the password.
 */
export const EMAIL_PART_MIN_LENGTH = 4;

/**
 * The rule a password breaks for the account of `email`, or null when it meets them all.
 * `isCommon` says whether a password is among those most often used (case-insensitive).
 */
export function passwordRuleBroken(
  password: string,
  email: string,
  isCommon: (lowerCased: string) => boolean,
): PasswordRule | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (isCommon(lower)) return 'common';
  const emailPart = email.trim().toLowerCase().split('@')[0] ?? '';
  if (emailPart.length >= EMAIL_PART_MIN_LENGTH && lower.includes(emailPart))
    return 'contains_email';
  return null;
}

const RULE_WORDS: Record<PasswordRule, string> = {
  too_short: `the password must have at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `the password must have at most ${PASSWORD_MAX_LENGTH} characters`,
  common: 'the password is one of the most often used; choose another',
  contains_email: 'the password must not contain the part of the email before the @',
};

/** Refuses (`invalid`, the rule in the `/password` detail) a password the policy does not allow. */
export function assertPasswordAllowed(password: string, email: string): void {
  const rule = passwordRuleBroken(password, email, isCommonPassword);
  if (rule)
    throw new DomainError('invalid', RULE_WORDS[rule], [{ path: '/password', message: rule }]);
}

let common: ReadonlySet<string> | null = null;

/**
 * Whether a lower-cased password is in the list of about 49,000 most often used passwords kept by
 * zxcvbn-ts (`@zxcvbn-ts/language-common`, MIT); the set is built on first use.
 */
export function isCommonPassword(lowerCased: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(lowerCased);
}

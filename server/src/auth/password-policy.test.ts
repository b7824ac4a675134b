import { describe, expect, it } from 'vitest';
import { DomainError, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@dispatch/shared';
import { assertPasswordAllowed, isCommonPassword, passwordRuleBroken } from './password-policy';

const neverCommon = () => false;

describe('password policy', () => {
  it(`refuses passwords shorter than ${PASSWORD_MIN_LENGTH} characters`, () => {
    expect(passwordRuleBroken('x'.repeat(PASSWORD_MIN_LENGTH - 1), 'ana@x.co', neverCommon)).toBe(
      'too_short',
    );
    expect(passwordRuleBroken('x'.repeat(PASSWORD_MIN_LENGTH), 'ana@x.co', neverCommon)).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordRuleBroken('😀'.repeat(PASSWORD_MIN_LENGTH - 1), 'a@x.co', neverCommon)).toBe(
      'too_short',
    );
  });

  it(`refuses passwords longer than ${PASSWORD_MAX_LENGTH} characters`, () => {
    expect(passwordRuleBroken('x'.repeat(PASSWORD_MAX_LENGTH + 1), 'a@x.co', neverCommon)).toBe(
      'too_long',
    );
  });

  it('refuses passwords in the common list, whatever their case', () => {
    expect(isCommonPassword('123456789012')).toBe(true);
    expect(isCommonPassword('qwerty123456')).toBe(true);
    expect(isCommonPassword('tangerine-ladder-orbit')).toBe(false);
    expect(passwordRuleBroken('QWERTY123456', 'ana@x.co', isCommonPassword)).toBe('common');
  });

  it('refuses passwords containing the part of the email before the @', () => {
    expect(passwordRuleBroken('my-Marta.Souza-2026', 'marta.souza@x.co', neverCommon)).toBe(
      'contains_email',
    );
  });

  it('lets short email parts appear, as they turn up inside ordinary words', () => {
    expect(passwordRuleBroken('banana-split-sundae', 'ana@x.co', neverCommon)).toBeNull();
  });

  it('names the broken rule in a typed invalid error', () => {
    let caught: unknown;
    try {
      assertPasswordAllowed('short', 'ana@x.co');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).toWire()).toMatchObject({
      code: 'invalid',
      details: [{ path: '/password', message: 'too_short' }],
    });
    expect(() => assertPasswordAllowed('tangerine-ladder-orbit', 'ana@x.co')).not.toThrow();
  });
});

import { describe, expect, test } from 'vitest';
import { codeFromFragment, isPlausibleCode, normalizeCode } from './pair-code';

describe('pairing codes', () => {
  test('the code is read from the link’s fragment', () => {
    expect(codeFromFragment('#K7M2Q9XD')).toBe('K7M2Q9XD');
    expect(codeFromFragment('K7M2Q9XD')).toBe('K7M2Q9XD');
  });

  test('a fragment with a key, escapes, lower case or separators reads as the bare code', () => {
    expect(codeFromFragment('#code=k7m2-q9xd')).toBe('K7M2Q9XD');
    expect(codeFromFragment('#K7M2%20Q9XD')).toBe('K7M2Q9XD');
  });

  test('an empty, short or malformed fragment carries no code', () => {
    expect(codeFromFragment('')).toBeNull();
    expect(codeFromFragment('#')).toBeNull();
    expect(codeFromFragment('#ab1')).toBeNull();
    expect(codeFromFragment('#%E0%A4%A')).toBeNull();
  });

  test('a typed code loses spaces and dashes and is upper-cased', () => {
    expect(normalizeCode(' k7m2 q9xd ')).toBe('K7M2Q9XD');
    expect(normalizeCode('K7M2-Q9XD')).toBe('K7M2Q9XD');
  });

  test('only codes of the length the server accepts are plausible', () => {
    expect(isPlausibleCode('ABCDE')).toBe(false);
    expect(isPlausibleCode('ABCDEF')).toBe(true);
    expect(isPlausibleCode('A'.repeat(65))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseIsoTimeMs } from './iso-time';

describe('parseIsoTimeMs', () => {
  it('reads UTC times with Z', () => {
    expect(parseIsoTimeMs('2010-08-05T16:22:52Z')).toBe(Date.UTC(2010, 7, 5, 16, 22, 52));
  });

  it('reads fractional seconds of any length, truncated to milliseconds', () => {
    expect(parseIsoTimeMs('2016-05-27T10:08:47.8Z')).toBe(Date.UTC(2016, 4, 27, 10, 8, 47, 800));
    expect(parseIsoTimeMs('2016-05-27T10:08:47.123987Z')).toBe(
      Date.UTC(2016, 4, 27, 10, 8, 47, 123),
    );
  });

  it('applies offsets written as +hh:mm, -hhmm and +hh', () => {
    const utc = Date.UTC(2020, 0, 1, 10, 0, 0);
    expect(parseIsoTimeMs('2020-01-01T12:00:00+02:00')).toBe(utc);
    expect(parseIsoTimeMs('2020-01-01T05:30:00-0430')).toBe(utc);
    expect(parseIsoTimeMs('2020-01-01T11:00:00+01')).toBe(utc);
  });

  it('treats a time without a zone as UTC, as GPX defines', () => {
    expect(parseIsoTimeMs('2020-01-01T10:00:00')).toBe(Date.UTC(2020, 0, 1, 10));
  });

  it('tolerates surrounding whitespace and a space instead of T', () => {
    expect(parseIsoTimeMs('\n  2020-01-01 10:00:00Z  ')).toBe(Date.UTC(2020, 0, 1, 10));
  });

  it('refuses text that is not a date-time', () => {
    for (const text of ['', 'yesterday', '2020-01-01', '1577872800', '2020-01-01T10:00Z'])
      expect(parseIsoTimeMs(text), text).toBeNull();
  });

  it('refuses impossible dates and times', () => {
    for (const text of [
      '2021-02-29T00:00:00Z',
      '2020-13-01T00:00:00Z',
      '2020-01-01T25:00:00Z',
      '2020-01-01T10:61:00Z',
      '2020-01-01T10:00:00+25:00',
    ])
      expect(parseIsoTimeMs(text), text).toBeNull();
  });

  it('accepts a leap day', () => {
    expect(parseIsoTimeMs('2020-02-29T00:00:00Z')).toBe(Date.UTC(2020, 1, 29));
  });
});

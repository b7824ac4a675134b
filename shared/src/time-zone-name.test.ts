import { describe, expect, it } from 'vitest';
import { canonicalTimeZone } from './time-zone-name';

describe('canonicalTimeZone', () => {
  it('accepts IANA names and UTC, in the runtime’s spelling', () => {
    expect(canonicalTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('America/Campo_Grande')).toBe('America/Campo_Grande');
    expect(canonicalTimeZone('america/sao_paulo')).toBe('America/Sao_Paulo');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('refuses names the runtime does not know, offsets and abbreviations', () => {
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('+03:00')).toBeNull();
    expect(canonicalTimeZone('BRT')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});

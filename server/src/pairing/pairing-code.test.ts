import { describe, expect, it } from 'vitest';
import {
  PAIRING_ALPHABET,
  PAIRING_CODE_LENGTH,
  newPairingCode,
  normalisePairingCode,
  pairingUrl,
} from './pairing-code';

describe('newPairingCode', () => {
  it('makes codes of the unambiguous alphabet carrying at least 40 bits', () => {
    expect(PAIRING_ALPHABET).toHaveLength(32);
    expect(PAIRING_CODE_LENGTH * Math.log2(PAIRING_ALPHABET.length)).toBeGreaterThanOrEqual(40);
    for (let i = 0; i < 200; i++) {
      const code = newPairingCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(normalisePairingCode(code)).toBe(code);
    }
  });

  it('takes the low five bits of each random byte, so every character is equally likely', () => {
    const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i % 8) * 32 + i);
    expect(newPairingCode(bytes)).toBe('0123456789');
    const top = (size: number) => Uint8Array.from({ length: size }, (_, i) => 255 - i);
    expect(newPairingCode(top)).toBe('ZYXWVTSRQP');
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newPairingCode()));
    expect(codes.size).toBe(1000);
  });
});

describe('normalisePairingCode', () => {
  it('ignores case, spaces and dashes as typed', () => {
    expect(normalisePairingCode('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(normalisePairingCode(' ABCDE FGHJK ')).toBe('ABCDEFGHJK');
    expect(normalisePairingCode('ab-cd-ef gh jk')).toBe('ABCDEFGHJK');
  });

  it('reads O as zero and I or L as one', () => {
    expect(normalisePairingCode('o1234-56789')).toBe('0123456789');
    expect(normalisePairingCode('0i234-5678L')).toBe('0123456781');
  });

  it('refuses codes of the wrong length or with characters outside the alphabet', () => {
    expect(normalisePairingCode('ABCDEFGHJ')).toBeNull();
    expect(normalisePairingCode('ABCDEFGHJKM')).toBeNull();
    expect(normalisePairingCode('ABCDEFGHJU')).toBeNull();
    expect(normalisePairingCode('ABCDE_FGHJ')).toBeNull();
    expect(normalisePairingCode('')).toBeNull();
  });
});

describe('pairingUrl', () => {
  it('puts the code in the fragment of the courier app’s pairing page', () => {
    expect(pairingUrl('http://192.168.1.20:3000', 'ABCDEFGHJK')).toBe(
      'http://192.168.1.20:3000/driver/pair#ABCDEFGHJK',
    );
    expect(pairingUrl('https://dispatch.example.com/', 'ABCDEFGHJK')).toBe(
      'https://dispatch.example.com/driver/pair#ABCDEFGHJK',
    );
  });
});

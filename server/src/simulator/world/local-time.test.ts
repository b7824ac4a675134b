import { describe, expect, it } from 'vitest';
import { solarUtcOffsetMinutes } from './local-time';

describe('solarUtcOffsetMinutes', () => {
  it('puts Campo Grande four hours behind UTC and Greenwich at zero', () => {
    expect(solarUtcOffsetMinutes(-54.6)).toBe(-240);
    expect(solarUtcOffsetMinutes(0)).toBe(0);
    expect(solarUtcOffsetMinutes(139.7)).toBe(540);
  });
});

import { describe, expect, it } from 'vitest';
import { browserLanguage, TRACKING_CATALOGUES, trackingTranslator } from './tracking-i18n';

describe('the tracking page’s words', () => {
  it('has every English message in Portuguese, with the same placeholders', () => {
    const names = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
    for (const [key, message] of Object.entries(TRACKING_CATALOGUES.en)) {
      const translated = TRACKING_CATALOGUES['pt-BR'][key as keyof typeof TRACKING_CATALOGUES.en];
      expect(translated, key).toBeDefined();
      expect(new Set(names(translated)), key).toEqual(new Set(names(message)));
    }
  });

  it('speaks the order’s language whatever the browser’s', () => {
    expect(trackingTranslator('pt-BR')('tracking.invalid.title')).toBe('Este link não é válido');
    expect(trackingTranslator('en')('tracking.invalid.title')).toBe('This link is not valid');
  });

  it('falls back to the browser’s language before the order is known', () => {
    expect(browserLanguage(['pt-PT', 'en'])).toBe('pt-BR');
    expect(browserLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(browserLanguage(['ja'])).toBe('en');
  });
});

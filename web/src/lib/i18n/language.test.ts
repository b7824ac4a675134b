import { describe, expect, it } from 'vitest';
import { formatLocaleFor, Language, languageFor } from './language.svelte';
import { en } from './messages/en';
import { ptBR } from './messages/pt-br';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('the console language', () => {
  it('follows the browser until the user chooses, then remembers the choice', () => {
    const storage = memoryStorage();
    const fromBrowser = new Language(storage, ['pt-BR', 'en']);
    expect(fromBrowser.code).toBe('pt-BR');
    expect(fromBrowser.t('header.signOut')).toBe('Sair');
    fromBrowser.choose('en');
    expect(fromBrowser.t('header.signOut')).toBe('Sign out');
    expect(new Language(storage, ['pt-BR']).code).toBe('en');
  });

  it('maps any Portuguese to Brazilian Portuguese and anything unknown to English', () => {
    expect(languageFor(['pt-PT'])).toBe('pt-BR');
    expect(languageFor(['de-DE', 'en-GB'])).toBe('en');
    expect(languageFor(['ja'])).toBe('en');
  });

  it("formats in the browser's own variant of the chosen language", () => {
    expect(formatLocaleFor('en', ['en-GB', 'pt-BR'])).toBe('en-GB');
    expect(formatLocaleFor('pt-BR', ['en-GB', 'pt-PT'])).toBe('pt-PT');
    expect(formatLocaleFor('pt-BR', ['en-US'])).toBe('pt-BR');
  });

  it('has every English message in Portuguese, with the same placeholders', () => {
    for (const [key, message] of Object.entries(en)) {
      const translated = ptBR[key as keyof typeof en];
      expect(translated, key).toBeDefined();
      const names = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
      expect(new Set(names(translated)), key).toEqual(new Set(names(message)));
    }
  });
});

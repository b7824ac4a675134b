import { en } from './messages/en';
import { ptBR } from './messages/pt-br';
import { translator, type Catalogue, type Translate } from './translate';

/** The console's languages, by BCP 47 tag. */
export const LANGUAGES = ['en', 'pt-BR'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/** Each language's own name, as the language chooser shows it. */
export const LANGUAGE_NAMES: Record<LanguageCode, string> = { en: 'English', 'pt-BR': 'Português' };

const CATALOGUES: Record<LanguageCode, Catalogue> = { en, 'pt-BR': ptBR };
const STORAGE_KEY = 'dispatch.language';

/** The language a browser asks for, among the console's: Portuguese for any `pt`, else English. */
export function languageFor(requested: readonly string[]): LanguageCode {
  for (const tag of requested) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'pt') return 'pt-BR';
    if (base === 'en') return 'en';
  }
  return 'en';
}

/**
 * The locale dates, times and numbers are formatted in: the browser's own when it is a variant of
 * the chosen language (en-GB keeps its 24-hour clock), else the chosen language itself.
 */
export function formatLocaleFor(code: LanguageCode, browser: readonly string[]): string {
  const base = code.toLowerCase().split('-')[0];
  return browser.find((tag) => tag.toLowerCase().split('-')[0] === base) ?? code;
}

/** The user's language: chosen in the header and remembered, else the browser's. */
export class Language {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  readonly #browser: readonly string[];
  code = $state<LanguageCode>('en');
  readonly t: Translate = $derived(translator(this.code, CATALOGUES[this.code], en));
  readonly formatLocale: string = $derived.by(() => formatLocaleFor(this.code, this.#browser));

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | null, browser: readonly string[]) {
    this.#storage = storage;
    this.#browser = browser;
    const saved = storage?.getItem(STORAGE_KEY);
    this.code = LANGUAGES.find((l) => l === saved) ?? languageFor(browser);
  }

  choose(code: LanguageCode): void {
    this.code = code;
    this.#storage?.setItem(STORAGE_KEY, code);
  }
}

/** The console's one language setting. */
export const language = new Language(
  typeof localStorage === 'undefined' ? null : localStorage,
  typeof navigator === 'undefined' ? [] : navigator.languages,
);

/** Shorthand for `language.t`: the message `key` in the user's language. */
export const t: Translate = (key, params) => language.t(key, params);

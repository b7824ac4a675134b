import type { CustomerLanguage } from '@dispatch/shared';
import { tracking as en } from '../i18n/messages/en/tracking';
import { tracking as ptBR } from '../i18n/messages/pt-br/tracking';
import { translator, type Translate } from '../i18n/translate';

/**
 * The tracking page's words. It speaks the order's language (`view.language`), whatever the
 * console is set to, and loads only its own messages, never the console's catalogue.
 */
export const TRACKING_CATALOGUES = { en, 'pt-BR': ptBR } as const;

export function trackingTranslator(language: CustomerLanguage): Translate {
  return translator(language, TRACKING_CATALOGUES[language], en);
}

/** The language to speak before the order is known (loading, a bad link): the browser's. */
export function browserLanguage(requested: readonly string[]): CustomerLanguage {
  for (const tag of requested) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'pt') return 'pt-BR';
    if (base === 'en') return 'en';
  }
  return 'en';
}

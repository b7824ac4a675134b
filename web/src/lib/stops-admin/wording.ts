import { ApiError, errorMessage } from '../api';
import type { Translate } from '../i18n/translate';

/**
 * Words a page shows, kept as a function of the language rather than as text, so that a notice
 * already on screen follows a change of language.
 */
export type Wording = (t: Translate) => string;

/** The server's own words, shown as received in any language (they are not in the catalogue). */
export const asReceived =
  (text: string): Wording =>
  () =>
    text;

/**
 * Why a call failed: the server's refusal as it wrote it, or the page's own words when no answer
 * came at all.
 */
export function failureWording(err: unknown): Wording {
  if (err instanceof ApiError && err.code === 'unavailable' && err.status === 0)
    return (t) => t('office.unreachable');
  return asReceived(errorMessage(err));
}

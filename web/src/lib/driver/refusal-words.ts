import { STOP_STATUSES, type WireError } from '@dispatch/shared';
import type { Params, Translate } from '../i18n/translate';

/**
 * A refusal of a stop visit in the courier's language where the app knows the case (a wrong
 * delivery code, a stop already further along, a stop no longer on the route); else null, and
 * the server's own words are shown.
 */
export function refusalWords(error: WireError): { key: string; params?: Params } | null {
  const detail = (path: string) => error.details?.find((d) => d.path === path);
  if (error.code === 'invalid' && detail('/proof/code')) return { key: 'driver.refusal.wrongCode' };
  if (error.code === 'conflict') {
    const status = detail('status')?.message;
    if (status && (STOP_STATUSES as readonly string[]).includes(status))
      return { key: 'driver.refusal.already', params: { status } };
  }
  if (error.code === 'forbidden' || error.code === 'not_found')
    return { key: 'driver.refusal.notYours' };
  return null;
}

/** What to tell the courier about a refusal: the app's own words where it has them. */
export function refusalText(error: WireError, t: Translate): string {
  const words = refusalWords(error);
  if (!words) return error.message;
  const status = words.params?.status;
  return t(words.key, status ? { status: t(`driver.status.${status}`) } : words.params);
}

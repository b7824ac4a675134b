import { en } from '../i18n/messages/en';
import { translator, type Translate } from '../i18n/translate';

/** The console's messages in English: the wording of text builders whose caller names no language. */
export const inEnglish: Translate = translator('en', en, en);

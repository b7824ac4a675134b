/**
 * Message lookup with named placeholders and plural forms, over a catalogue per language.
 *
 * A message is a string with `{name}` placeholders, or a set of plural forms chosen by
 * `Intl.PluralRules` from the `count` parameter (`{ one: '{count} stop', other: '{count} stops' }`).
 * A missing key falls back to the English catalogue, then to the key itself, so a gap shows as
 * English text rather than as nothing.
 */

/** Plural forms as `Intl.PluralRules` names them; `other` is always required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralForms;
export type Catalogue = Readonly<Record<string, Message>>;
export type Params = Readonly<Record<string, string | number>>;

/** A translation function bound to one language's catalogue (with a fallback catalogue). */
export type Translate = (key: string, params?: Params) => string;

export function translator(locale: string, catalogue: Catalogue, fallback: Catalogue): Translate {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (key, params = {}) => {
    const message = catalogue[key] ?? fallback[key] ?? key;
    const text = typeof message === 'string' ? message : pluralForm(message, params, plurals);
    return fill(text, params, numbers);
  };
}

function pluralForm(forms: PluralForms, params: Params, rules: Intl.PluralRules): string {
  const count = Number(params.count ?? 0);
  return forms[rules.select(count)] ?? forms.other;
}

function fill(text: string, params: Params, numbers: Intl.NumberFormat): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}

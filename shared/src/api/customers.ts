import Type from 'typebox';

/**
 * What the customer side's wire shapes (`orders.ts`, `tracking.ts`, `notifications.ts`) have in
 * common: the customers' languages and how each kind of client writes an instant. Only the
 * languages leave the package (see `index.ts`); the instants are these files' own.
 */

/** Languages a customer's page and messages come in. */
export const CUSTOMER_LANGUAGES = ['en', 'pt-BR'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

/** An instant in a request: ISO 8601 or epoch milliseconds. */
export const InstantIn = Type.Union(
  [Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })],
  { description: 'ISO 8601 date-time or epoch milliseconds' },
);
/** An instant in a console or tracking answer: epoch milliseconds. */
export const Instant = Type.Number();

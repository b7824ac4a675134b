import { ErrorBodySchema } from '@dispatch/shared';

/** Standard error responses for a route's schema. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema]));
}

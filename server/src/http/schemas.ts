import Type, { type TSchema } from 'typebox';
import { ERROR_CODES } from '@dispatch/shared';

/** The error body every route may answer with. */
export const ErrorBody = Type.Object(
  {
    code: Type.Enum(ERROR_CODES),
    message: Type.String(),
    details: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    ),
  },
  { $id: 'ErrorBody', description: 'A typed error' },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) });

/** Standard error responses for a route's schema. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

/** `T` or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

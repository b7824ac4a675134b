import Type, { type TSchema } from 'typebox';
import { ERROR_CODES } from '../domain';

/** The error body every route may answer with (`WireError` is its type). */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.Enum(ERROR_CODES),
    message: Type.String(),
    /** Per-item problems, e.g. a line number of a CSV import or the index of a ping. */
    details: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    ),
  },
  { $id: 'ErrorBody', description: 'A typed error' },
);

/** Path params of the routes on one record (`/:id`). */
export const IdParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
});

/** The empty body of a 204 answer. */
export const NoContentSchema = Type.Null();

/** `T` or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

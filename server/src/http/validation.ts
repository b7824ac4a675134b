import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  return addFormats(new Ajv({ allErrors: false, useDefaults: true, strict: false, ...options }));
}

// Bodies are checked as sent: no type coercion and no silent removal of unknown fields, so a
// payload with an extra field (say, another courier's id) is refused rather than trimmed.
const bodyAjv = makeAjv({ coerceTypes: false, removeAdditional: false });
// Query strings and path parameters arrive as text and are coerced to the declared types.
const textAjv = makeAjv({ coerceTypes: 'array', removeAdditional: false });

/** Fastify validator compiler: strict for bodies, coercing for query strings and params. */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);

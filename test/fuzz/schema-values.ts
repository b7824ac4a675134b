import fc from 'fast-check';
import {
  anyHostile,
  edgeNumber,
  hostileKey,
  hostileLeaf,
  nanLikeText,
  objectOf,
} from './hostile-values';

/** The JSON Schema keywords the routes' schemas use (TypeBox output, as in the OpenAPI doc). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
}

/** Resolves a `$ref` of the document the schema came from. */
export type RefResolver = (ref: string) => JsonSchema | undefined;

const MAX_DEPTH = 6;
const INT32 = 2 ** 31 - 1;

/**
 * Values for a schema, mostly valid and sometimes broken (a field of the wrong type, an edge
 * number, a dropped required field, extra fields): input that gets past the first checks and
 * reaches the code behind them.
 */
export function nearValid(
  schema: JsonSchema,
  resolve: RefResolver,
  depth = 0,
): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: valid(schema, resolve, depth) },
    { weight: 1, arbitrary: broken(schema) },
  );
}

function broken(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  if (types.includes('number') || types.includes('integer'))
    return fc.oneof(edgeNumber, nanLikeText, hostileLeaf);
  if (types.includes('string')) return fc.oneof(nanLikeText, hostileLeaf, edgeNumber);
  return fc.oneof(hostileLeaf, anyHostile);
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

function valid(schema: JsonSchema, resolve: RefResolver, depth: number): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return hostileLeaf;
  if (schema.$ref) {
    const target = resolve(schema.$ref);
    return target ? valid(target, resolve, depth + 1) : hostileLeaf;
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0)
    return fc.oneof(...alternatives.map((s) => nearValid(s, resolve, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0)
    return valid(mergeAll(schema.allOf, resolve), resolve, depth + 1);
  const types = typesOf(schema);
  if (types.length > 1)
    return fc.oneof(...types.map((type) => valid({ ...schema, type }, resolve, depth)));
  const nullable = schema.nullable ? [fc.constant(null)] : [];
  const one = byType(types[0], schema, resolve, depth);
  return nullable.length > 0 ? fc.oneof(one, ...nullable) : one;
}

function byType(
  type: string | undefined,
  schema: JsonSchema,
  resolve: RefResolver,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'integer':
      return integerIn(schema);
    case 'number':
      return numberIn(schema);
    case 'string':
      return stringFor(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayFor(schema, resolve, depth);
    case 'object':
      return objectFor(schema, resolve, depth);
    default:
      return schema.properties ? objectFor(schema, resolve, depth) : anyHostile;
  }
}

function bounds(schema: JsonSchema, fallback: number): { lo: number; hi: number } {
  const lo =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : -fallback);
  const hi =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum : fallback);
  return { lo, hi };
}

function integerIn(schema: JsonSchema): fc.Arbitrary<unknown> {
  const { lo, hi } = bounds(schema, 1e6);
  const min = Math.max(Math.ceil(lo), -INT32 - 1);
  const max = Math.min(Math.floor(hi), INT32);
  const inRange = min <= max ? fc.integer({ min, max }) : fc.constant(min);
  // Small ids first: they name rows the fixtures made.
  const small = fc.integer({
    min: Math.max(min, 0),
    max: Math.max(Math.min(max, 8), Math.max(min, 0)),
  });
  return fc.oneof(
    { weight: 3, arbitrary: small },
    { weight: 3, arbitrary: inRange },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, lo - 1, hi + 1) },
  );
}

function numberIn(schema: JsonSchema): fc.Arbitrary<unknown> {
  const { lo, hi } = bounds(schema, 1e9);
  const inRange =
    lo <= hi
      ? fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })
      : fc.constant(lo);
  return fc.oneof(
    { weight: 4, arbitrary: inRange },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, lo - 1e-9, hi + 1e-9) },
  );
}

function stringFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 4000);
  const sized = (s: string) => s.length >= minLength && s.length <= maxLength;
  switch (schema.format) {
    case 'email':
      return fc.emailAddress().filter(sized);
    case 'date-time':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl().filter(sized);
  }
  if (schema.pattern) {
    const pattern = regExpOf(schema.pattern);
    if (pattern) {
      const matching = fc.stringMatching(pattern).filter(sized);
      return fc.oneof(matching, fc.string({ minLength, maxLength }));
    }
  }
  const long = Math.min(maxLength, 4000);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 60) }) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 30) }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'x'.repeat(long),
        'é'.repeat(long),
        ' '.repeat(Math.max(minLength, 1)),
      ),
    },
  );
}

/** The schema's pattern, or null when JavaScript cannot read it. */
function regExpOf(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

function arrayFor(schema: JsonSchema, resolve: RefResolver, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.prefixItems ?? schema.items)) {
    const parts = (schema.prefixItems ?? (schema.items as JsonSchema[])).map((s) =>
      nearValid(s, resolve, depth + 1),
    );
    return fc.tuple(...parts);
  }
  const item = schema.items && !Array.isArray(schema.items) ? schema.items : {};
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 5, 6));
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(nearValid(item, resolve, depth + 1), { minLength, maxLength }),
    },
    // Past the item limit, with cheap items.
    ...(schema.maxItems !== undefined && schema.maxItems < 10_000
      ? [
          {
            weight: 1,
            arbitrary: fc.constant(Array.from({ length: schema.maxItems + 1 }, () => 1)),
          },
        ]
      : []),
  );
}

function objectFor(schema: JsonSchema, resolve: RefResolver, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const keys = Object.keys(properties);
  const fields = keys.map((key) =>
    fc.tuple(
      fc.constant(key),
      nearValid(properties[key]!, resolve, depth + 1),
      // Required fields are present most of the time, optional ones half of it.
      required.has(key) ? fc.double({ min: 0, max: 1 }).map((r) => r < 0.92) : fc.boolean(),
    ),
  );
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant<[string, unknown][]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(hostileKey, hostileLeaf), { minLength: 1, maxLength: 3 }),
    },
  );
  return fc
    .tuple(fc.tuple(...fields), extra)
    .map(([chosen, more]) =>
      objectOf([
        ...chosen.filter(([, , present]) => present).map(([key, value]) => [key, value] as const),
        ...more,
      ]),
    );
}

function mergeAll(parts: JsonSchema[], resolve: RefResolver): JsonSchema {
  const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
  for (const raw of parts) {
    const part = raw.$ref ? (resolve(raw.$ref) ?? {}) : raw;
    Object.assign(merged.properties!, part.properties ?? {});
    merged.required!.push(...(part.required ?? []));
  }
  return merged;
}

import fc from 'fast-check';

/** A value of `arbitrary` once in `oneIn` cases, else undefined. */
export function sometimes<T>(
  arbitrary: fc.Arbitrary<T>,
  oneIn: number,
): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: oneIn - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary },
  );
}

/** Text that looks like a number to someone, and is not one to a careful parser. */
export const NAN_LIKE_TEXT = [
  'NaN',
  'nan',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e-400',
  '-0',
  '0x1F',
  '0b11',
  '1_000',
  '1,5',
  '0.1.2',
  '+-1',
  '١٢٣',
  '５２',
  '∞',
  ' 12 ',
  '12abc',
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '9'.repeat(400),
  '%00',
  '\u0000',
  '\uD800',
  '1e21',
  '9007199254740993',
  '-9007199254740993',
] as const;

/** Numbers at and past every boundary a server might assume (all representable in JSON). */
export const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 63,
  1e21,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  0.1 + 0.2,
  1440,
  1441,
  90.0000001,
  -180.0000001,
] as const;

/** Keys that trip naive object handling. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  '$where',
  'a.b',
  '\u0000',
  'id',
  'hubId',
  'courierId',
] as const;

export const nanLikeText = fc.constantFrom(...NAN_LIKE_TEXT);
export const edgeNumber = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
export const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 }));

/** A string of `length` characters of one kind: plain, multi-byte, astral, or lone surrogates. */
export function longText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .record({
      n: fc.integer({ min: minLength, max: maxLength }),
      unit: fc.constantFrom('x', 'é', '𝄞', '\uD800', '"', '\\', '\n', '<script>', '%', ','),
    })
    .map(({ n, unit }) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
}

/** `depth` levels of arrays or objects around a value (deep nesting). */
export const deepNesting = fc
  .record({
    depth: fc.integer({ min: 2, max: 3000 }),
    kind: fc.constantFrom('array', 'object', 'mixed'),
  })
  .map(({ depth, kind }) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) {
      const asArray = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
      value = asArray ? [value] : { a: value };
    }
    return value;
  });

/** An object built with own properties only, so `__proto__` is a key, not a prototype. */
export function objectOf(
  entries: readonly (readonly [string, unknown])[],
): Record<string, unknown> {
  return Object.fromEntries(entries);
}

/** A leaf value of the wrong shape for almost any field. */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  nanLikeText,
  edgeNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { length: 1e9 }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  longText(100, 3000),
);

/** Any JSON value, leaning to hostile keys, wrong types, edge numbers and awkward text. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 6 }),
    fc
      .array(fc.tuple(hostileKey, tie('value')), { maxLength: 6 })
      .map((entries) => objectOf(entries)),
  ),
})).value;

/** Hostile values, sometimes deeply nested or as plain JSON from fast-check. */
export const anyHostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileJson },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: deepNesting },
);

/** Adds fields (hostile keys and values) to an object, or returns non-objects unchanged. */
export function withExtraFields(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(value, fc.array(fc.tuple(hostileKey, hostileLeaf), { minLength: 1, maxLength: 3 }))
    .map(([v, extra]) =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? objectOf([...Object.entries(v), ...extra])
        : v,
    );
}

/** Raw body text that is not the JSON it claims to be. */
export const brokenJsonText = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a": ',
    '{"a": NaN}',
    '{"a": Infinity}',
    '{"a": 1e999}',
    "{'a': 1}",
    '{"a": 1,}',
    '[1, 2',
    '\uFEFF{"a": 1}',
    '{"__proto__": {"admin": true}}',
    '{"constructor": {"prototype": {"admin": true}}}',
    'null',
    '"text"',
    '12',
    '',
    ' ',
    '{"a": "\\ud800"}',
    '{"a": 1}{"b": 2}',
  ),
  fc.string({ maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
);

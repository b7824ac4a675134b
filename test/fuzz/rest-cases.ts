import fc from 'fast-check';
import { csvText } from './csv-values';
import {
  anyHostile,
  brokenJsonText,
  hostileKey,
  hostileLeaf,
  nanLikeText,
  sometimes,
} from './hostile-values';
import { callerOf, type RouteSpec } from './rest-routes';
import { nearValid, type JsonSchema, type RefResolver } from './schema-values';

/** One generated request, ready for `inject`. */
export interface RestCase {
  method: string;
  /** The path with its parameters filled in, and the query string. */
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
  remoteAddress: string;
  /** The operation, for messages: `POST /api/v1/hubs/{id}/plan`. */
  operation: string;
}

/** Credentials and record ids the fixtures made, for requests that get past the guards. */
export interface RestWorld {
  adminCookie: string;
  shopKey: string;
  deviceToken: string;
  trackingToken: string;
  /** Ids that name rows: hubs, couriers, stops, alerts… all small in a fresh database. */
  knownIds: number[];
  /** Ids a path must not name (the fuzzer's own user). */
  protectedUserIds: number[];
}

/** Path parameter text that is not the id it should be. */
const HOSTILE_PARAM_TEXT = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '99999999999999999999',
  '2147483648',
  'NaN',
  '%00',
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%20',
  'null',
  '%7B%7D',
];

/** Percent-encodes text; a lone surrogate becomes the bytes of one, which no UTF-8 decoder accepts. */
function encodeParam(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** Requests' client addresses (documentation ranges), so per-address limits see many clients. */
const clientAddress = fc
  .tuple(fc.constantFrom('192.0.2', '198.51.100', '203.0.113'), fc.integer({ min: 1, max: 254 }))
  .map(([net, host]) => `${net}.${host}`);

function paramValue(
  name: string,
  schema: JsonSchema,
  world: RestWorld,
  path: string,
): fc.Arbitrary<string> {
  const hostile = fc.oneof(
    fc.constantFrom(...HOSTILE_PARAM_TEXT),
    nanLikeText.map(encodeParam),
    fc.string({ maxLength: 30 }).map(encodeParam),
  );
  if (name === 'token') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant(world.trackingToken) },
      { weight: 2, arbitrary: hostile },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{10,40}$/) },
    );
  }
  const ids = path.includes('/users/')
    ? world.knownIds.filter((id) => !world.protectedUserIds.includes(id))
    : world.knownIds;
  if (schema.type === 'integer' || schema.type === 'number') {
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...ids).map(String) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 31 - 1 }).map(String) },
      { weight: 2, arbitrary: hostile },
    );
  }
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...ids).map(String) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map(encodeParam) },
    { weight: 2, arbitrary: hostile },
    { weight: 1, arbitrary: fc.constantFrom('Noto%20Sans%20Regular', '0-255', '256-511') },
  );
}

/** A query value as text: numbers and text as they are, anything else as JSON. */
function queryText(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(queryText);
  if (typeof value === 'string') return [value];
  return [value === undefined ? '' : (JSON.stringify(value) ?? '')];
}

function queryString(spec: RouteSpec, resolve: RefResolver): fc.Arbitrary<string> {
  const known = spec.query.map((q) =>
    fc.tuple(
      fc.constant(q.name),
      nearValid(q.schema, resolve),
      q.required ? fc.double({ min: 0, max: 1 }).map((r) => r < 0.9) : fc.boolean(),
    ),
  );
  const extra = fc.array(
    fc.tuple(
      hostileKey,
      hostileLeaf.map((v) => queryText(v)[0] ?? ''),
    ),
    {
      maxLength: 2,
    },
  );
  const raw = fc.constantFrom('', '', '', '&&', 'a[b]=1', '__proto__[x]=1', '%', 'x=%E0%A4%A', '=');
  return fc.tuple(fc.tuple(...known), extra, raw).map(([chosen, more, rawPart]) => {
    const params = new URLSearchParams();
    for (const [name, value, present] of chosen)
      if (present) for (const text of queryText(value)) params.append(name, text);
    for (const [name, value] of more) params.append(name, value);
    const text = [params.toString(), rawPart].filter(Boolean).join('&');
    return text ? `?${text}` : '';
  });
}

/** A planning request's search budget, kept short so a valid one answers in milliseconds. */
const FUZZ_PLAN_BUDGET_MS = 20;

function capPlanningBudget(path: string, body: unknown): unknown {
  if (!/\/(plan|preview|resequence)/.test(path)) return body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const budget = (body as { timeLimitMs?: unknown }).timeLimitMs;
  if (budget === undefined || (typeof budget === 'number' && budget > FUZZ_PLAN_BUDGET_MS))
    return { ...body, timeLimitMs: FUZZ_PLAN_BUDGET_MS };
  return body;
}

type Body = { contentType: string | undefined; payload: string | undefined };

function bodyFor(spec: RouteSpec, resolve: RefResolver): fc.Arbitrary<Body> {
  if (spec.method === 'GET') return fc.constant({ contentType: undefined, payload: undefined });
  const json = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
    value.map((v) => ({
      contentType: 'application/json',
      payload: JSON.stringify(capPlanningBudget(spec.path, v)) ?? 'null',
    }));
  const others: fc.Arbitrary<Body>[] = [
    json(anyHostile),
    brokenJsonText.map((payload) => ({ contentType: 'application/json', payload })),
    fc
      .tuple(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'text/csv',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
        ),
        fc.oneof(fc.string({ maxLength: 200 }), csvText),
      )
      .map(([contentType, payload]) => ({ contentType, payload })),
    fc.constant({ contentType: undefined, payload: undefined }),
  ];
  if (spec.otherBodies.includes('text/csv'))
    return fc.oneof(
      { weight: 6, arbitrary: csvText.map((payload) => ({ contentType: 'text/csv', payload })) },
      { weight: 1, arbitrary: fc.oneof(...others) },
    );
  if (spec.jsonBody)
    return fc.oneof(
      { weight: 6, arbitrary: json(nearValid(spec.jsonBody, resolve)) },
      { weight: 1, arbitrary: fc.oneof(...others) },
    );
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({ contentType: undefined, payload: undefined }) },
    { weight: 1, arbitrary: fc.oneof(...others) },
  );
}

function credentials(spec: RouteSpec, world: RestWorld): fc.Arbitrary<Record<string, string>> {
  const wrong = fc.constantFrom<Record<string, string>>(
    {},
    { authorization: 'Bearer nope' },
    { authorization: 'Basic YWRtaW46YWRtaW4=' },
    { cookie: 'sid=forged' },
    { cookie: 'sid=' },
  );
  const right = ((): Record<string, string> => {
    switch (callerOf(spec.path)) {
      case 'shop':
        return { authorization: `Bearer ${world.shopKey}` };
      case 'device':
        return { authorization: `Bearer ${world.deviceToken}` };
      case 'customer':
        return {};
      case 'admin':
        return { cookie: world.adminCookie };
    }
  })();
  const idempotency = sometimes(fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })), 4);
  return fc
    .tuple(
      fc.oneof({ weight: 12, arbitrary: fc.constant(right) }, { weight: 1, arbitrary: wrong }),
      idempotency,
    )
    .map(([auth, key]) => (key === undefined ? auth : { ...auth, 'idempotency-key': key }));
}

/** Requests to one operation: its parameters, query, body and credentials, mostly near-valid. */
export function restCase(
  spec: RouteSpec,
  world: RestWorld,
  resolve: RefResolver,
): fc.Arbitrary<RestCase> {
  const params = fc.tuple(
    ...spec.pathParams.map((p) =>
      paramValue(p.name, p.schema, world, spec.path).map((v) => [p.name, v] as const),
    ),
  );
  return fc
    .record({
      params,
      query: queryString(spec, resolve),
      body: bodyFor(spec, resolve),
      headers: credentials(spec, world),
      remoteAddress: clientAddress,
    })
    .map(({ params: values, query, body, headers, remoteAddress }) => {
      let path = spec.path;
      for (const [name, value] of values) path = path.replace(`{${name}}`, value);
      return {
        method: spec.method,
        url: path + query,
        headers: body.contentType ? { ...headers, 'content-type': body.contentType } : headers,
        payload: body.payload,
        remoteAddress,
        operation: `${spec.method} ${spec.path}`,
      };
    });
}

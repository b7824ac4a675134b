import type { JsonSchema, RefResolver } from './schema-values';

/** One operation of the API as its OpenAPI document describes it. */
export interface RouteSpec {
  method: string;
  /** OpenAPI path, parameters in braces: `/api/v1/hubs/{id}/plan`. */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  /** The JSON body's schema, when it takes JSON. */
  jsonBody: JsonSchema | null;
  /** Other body types it names (`text/csv`, `multipart/form-data`). */
  otherBodies: string[];
}

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** The parts of the OpenAPI document read here. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Operations left out of the fuzz run because a success would take away the fuzzer's own
 * credentials (its session, the shop key it uses), not because they are fragile.
 */
const SELF_ENDING = new Set(['POST /api/v1/auth/logout', 'DELETE /api/v1/api-keys/{id}']);

/** Paths not worth fuzzing here: the API document itself and the metrics scrape. */
const NOT_API = [/^\/docs/, /^\/metrics/];

/** Every operation of the document that the REST fuzz exercises. */
export function routeSpecs(doc: OpenApiDocument): RouteSpec[] {
  const specs: RouteSpec[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (NOT_API.some((re) => re.test(path))) continue;
    for (const [method, op] of Object.entries(operations)) {
      if (!METHODS.includes(method)) continue;
      const upper = method.toUpperCase();
      if (SELF_ENDING.has(`${upper} ${path}`)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      specs.push({
        method: upper,
        path,
        pathParams: params
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({
            name: p.name,
            schema: p.schema ?? { type: 'string' },
            required: p.required === true,
          })),
        jsonBody: content['application/json']?.schema ?? null,
        otherBodies: Object.keys(content).filter((type) => type !== 'application/json'),
      });
    }
  }
  return specs;
}

/** Resolves `#/components/schemas/…` references of the document. */
export function refResolver(doc: OpenApiDocument): RefResolver {
  return (ref) => {
    const prefix = '#/components/schemas/';
    return ref.startsWith(prefix) ? doc.components?.schemas?.[ref.slice(prefix.length)] : undefined;
  };
}

/** Who a request comes from, by the path it goes to. */
export type Caller = 'admin' | 'shop' | 'customer' | 'device';

export function callerOf(path: string): Caller {
  if (path.startsWith('/api/v1/orders')) return 'shop';
  if (path.startsWith('/api/v1/track/')) return 'customer';
  if (path.startsWith('/api/v1/device/') || path === '/api/v1/pings') return 'device';
  return 'admin';
}

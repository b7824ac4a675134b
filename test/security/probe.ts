import { expect } from 'vitest';
import { ADMIN, TestServer } from '../helpers/test-server';
import { CALLERS, Callers, type CallerName } from './callers';
import { Fingerprint, changed } from './fingerprint';
import { expected, type ProbeRequest, type RouteRow, type RowContext } from './table';
import { buildSecurityWorld, type SecurityWorld } from './world';

/** A test server with the world built, every caller's credentials and the fingerprint. */
export interface Probe {
  server: TestServer;
  world: SecurityWorld;
  callers: Callers;
  fingerprint: Fingerprint;
  ctx: RowContext;
}

/** Starts a server and builds the world the rows aim at. */
export async function startProbe(): Promise<Probe> {
  const server = await TestServer.start();
  const admin = await server.login();
  const world = await buildSecurityWorld(server, admin, [ADMIN.email, ADMIN.password]);
  const callers = new Callers(server, world);
  await callers.signIn();
  await callers.issueTokens();
  const ctx: RowContext = {
    world,
    asAdmin: async <T>(method: string, url: string, body?: unknown) => {
      const res = await server.request<T>(method, url, {
        cookie: callers.of('admin').cookie,
        body,
      });
      if (res.status >= 300)
        throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
  return { server, world, callers, fingerprint: await Fingerprint.of(server.app.db), ctx };
}

/** One answer as the table reads it. */
interface Answer {
  status: number;
  body: string;
}

async function send(
  probe: Probe,
  row: RouteRow,
  caller: CallerName,
  request: ProbeRequest,
): Promise<Answer> {
  const { url, body, payload, contentType, headers: more } = request;
  const method = row.route.split(' ')[0] as 'GET';
  const headers: Record<string, string> = {
    ...probe.callers.headers(caller),
    ...more,
    ...(contentType ? { 'content-type': contentType } : {}),
  };
  const res = await probe.server.app.http.inject({
    method,
    url,
    headers,
    ...(payload !== undefined
      ? { payload }
      : body !== undefined
        ? {
            payload: JSON.stringify(body),
            headers: { ...headers, 'content-type': 'application/json' },
          }
        : {}),
  });
  return { status: res.statusCode, body: res.body };
}

/** `caller` on `row`: the answer and, when refused, the tables that changed. */
export interface Outcome {
  caller: CallerName;
  status: number;
  /** What changed in the database across a refusal ([] when nothing did, or when allowed). */
  wrote: string[];
  /** The start of the answer's body, shown when an outcome is not the table's. */
  body?: string;
}

/**
 * Sends the row's request as every caller: the refused ones first, each between two fingerprints
 * of the database (sent again on settled data when something else moved it), then the allowed ones.
 */
export async function probeRow(probe: Probe, row: RouteRow): Promise<Outcome[]> {
  probe.fingerprint.assertKnown(row.writes, row.route);
  const refused = CALLERS.filter((c) => !expected(row, c).allowed);
  const allowed = CALLERS.filter((c) => expected(row, c).allowed);
  const outcomes: Outcome[] = [];
  for (const caller of refused) {
    let wrote: string[] = [];
    let answer: Answer = { status: 0, body: '' };
    // A second try on settled data tells a write of this request from an earlier one's follow-up.
    // The request is made first: making it may write (a fresh pairing code, a plan preview).
    const request = await row.request(probe.ctx, caller);
    for (let attempt = 0; attempt < 2; attempt++) {
      const before = await probe.fingerprint.settled(row.writes);
      answer = await send(probe, row, caller, request);
      wrote = changed(before, await probe.fingerprint.read(row.writes));
      if (wrote.length === 0) break;
    }
    outcomes.push({ caller, status: answer.status, wrote, body: answer.body.slice(0, 200) });
  }
  for (const caller of allowed) {
    const answer = await send(probe, row, caller, await row.request(probe.ctx, caller));
    if (answer.status >= 500) throw new Error(`${row.route} as ${caller}: ${answer.body}`);
    outcomes.push({ caller, status: answer.status, wrote: [], body: answer.body.slice(0, 200) });
  }
  if (row.endsSessions) await probe.callers.signIn();
  return outcomes;
}

/** What the table says each caller gets, in the shape of `probeRow`'s outcomes. */
export function expectedOutcomes(row: RouteRow, outcomes: Outcome[]): Outcome[] {
  return outcomes.map(({ caller, status }) => {
    const e = expected(row, caller);
    return {
      caller,
      status: e.allowed ? (row.ok.includes(status) ? status : row.ok[0]!) : e.status,
      wrote: [],
    };
  });
}

/** Probes a row and compares every caller's outcome with the table's. */
export async function expectRow(probe: Probe, row: RouteRow): Promise<void> {
  const outcomes = await probeRow(probe, row);
  const wanted = expectedOutcomes(row, outcomes);
  const got = outcomes.map(({ body: _body, ...o }) => o);
  const off = outcomes
    .filter((o, i) => o.status !== wanted[i]!.status || o.wrote.length > 0)
    .map((o) => `${o.caller}: ${o.status} ${o.body ?? ''}`);
  expect(got, `${row.route}\n${off.join('\n')}`).toEqual(wanted);
}

/** `METHOD /path` of every operation in the app's OpenAPI document, but the document's own. */
export function documentedRoutes(probe: Probe): string[] {
  const doc = probe.server.app.http.swagger() as { paths: Record<string, Record<string, unknown>> };
  const routes: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths))
    for (const method of Object.keys(operations))
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
        routes.push(`${method.toUpperCase()} ${path}`);
  return routes.filter((r) => !r.includes(' /docs')).sort();
}

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/test-server';
import { CaseTally, fuzz } from './fuzz-run';
import { buildFuzzWorld, type FuzzWorld } from './fuzz-world';
import { restCase, type RestCase, type RestWorld } from './rest-cases';
import { refResolver, routeSpecs, type OpenApiDocument } from './rest-routes';
import {
  RefusalAudit,
  RowCounts,
  expectHeapFlat,
  expectTypedAnswer,
  heapAfterGcMiB,
  watchProcessFailures,
} from './server-checks';

/** Requests between two checks that refused requests wrote nothing. */
const BATCH = 50;

describe('the REST API under generated requests, signed in as an admin', () => {
  let server: TestServer;
  let world: FuzzWorld;
  let counts: RowCounts;
  const tally = new CaseTally();
  const crashes = watchProcessFailures();

  beforeAll(async () => {
    server = await TestServer.start();
    world = await buildFuzzWorld(server);
    counts = await RowCounts.of(server.app.db);
  });
  afterAll(async () => {
    crashes.stop();
    console.log(`[fuzz] REST API cases\n${tally.table()}\nslowest operations:\n${tally.slowest()}`);
    await server?.stop();
  });

  const send = async (c: RestCase) => {
    const res = await server.app.http.inject({
      method: c.method as 'GET',
      url: c.url,
      headers: c.headers,
      remoteAddress: c.remoteAddress,
      ...(c.payload === undefined ? {} : { payload: c.payload }),
    });
    return { status: res.statusCode, body: res.body };
  };

  it('answers every request with success or a typed 4xx, and refused ones write nothing', async () => {
    const doc = server.app.http.swagger() as unknown as OpenApiDocument;
    const specs = routeSpecs(doc);
    expect(specs.length).toBeGreaterThan(30);
    const restWorld: RestWorld = {
      adminCookie: world.adminCookie,
      shopKey: world.shopKey,
      deviceToken: world.courier.deviceToken,
      trackingToken: world.trackingToken,
      knownIds: [1, 2, 3, 4, 5, 6, 7, 8],
      protectedUserIds: [world.adminId],
    };
    const resolve = refResolver(doc);
    // Writes weigh three times a read: they are where a refused request could leave rows.
    // Sign-ins and new users hash a password (slow on purpose), so they come less often.
    const slow = (path: string) =>
      path === '/api/v1/auth/login' || path.startsWith('/api/v1/users');
    const anyCase = fc.oneof(
      ...specs.map((spec) => ({
        weight: slow(spec.path) ? 1 : spec.method === 'GET' ? 1 : 3,
        arbitrary: restCase(spec, restWorld, resolve),
      })),
    );
    const audit = new RefusalAudit<RestCase>(
      counts,
      async (c) => expectTypedAnswer(await send(c), c.operation),
      (c) => `${c.method} ${c.url} ${c.payload?.slice(0, 500) ?? ''}`,
    );
    await audit.start();
    const heapBefore = await heapAfterGcMiB();
    let sinceCheck = 0;
    let signIns = 0;
    const checkBatch = async () => {
      await audit.check('REST');
      sinceCheck = 0;
      const me = await send({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: restWorld.adminCookie },
        payload: undefined,
        remoteAddress: '127.0.0.1',
        operation: 'me',
      });
      // A generated request may have ended the session (a password change): sign in again.
      if (me.status === 401) {
        restWorld.adminCookie = await server.login();
        signIns++;
      }
    };
    await fuzz(
      tally,
      'rest: generated requests',
      fc.asyncProperty(anyCase, async (c) => {
        const started = performance.now();
        const answer = await send(c);
        tally.timeOperation(c.operation, performance.now() - started);
        const refused = expectTypedAnswer(
          answer,
          `${c.operation} (${c.method} ${c.url.slice(0, 200)})`,
        );
        tally.count('rest: generated requests', refused ? 'refused' : 'accepted');
        if (refused) audit.refused(c);
        else await audit.accepted();
        if (++sinceCheck >= BATCH) await checkBatch();
      }),
      6000,
    );
    await checkBatch();
    console.log(
      `[fuzz] REST: ${specs.length} operations, signed in again ${signIns} times, ` +
        `${audit.lateFollowUps} batches with late follow-up writes of accepted requests`,
    );
    const health = await send({
      method: 'GET',
      url: '/readyz',
      headers: {},
      payload: undefined,
      remoteAddress: '127.0.0.1',
      operation: 'readyz',
    });
    expect(health.status).toBe(200);
    expectHeapFlat('REST', heapBefore, await heapAfterGcMiB());
    expect(crashes.failures).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenceHub, FencedError, NO_FENCE, type Fence } from '../../server/src/cluster/fence';
import { ProposalKeeper } from '../../server/src/dispatch/proposals/proposal-keeper';
import type { Proposal } from '../../server/src/dispatch/suggest/proposal';
import { fencedBy } from '../../server/src/dispatch/suggestion-fence';
import type { SuggestionInput } from '../../server/src/dispatch/suggestion-service';
import { TestServer } from '../helpers/test-server';

const MIN = 60_000;
const HOME = { lat: -20.46, lng: -54.61 };

/** The fence of a node that holds no lease: the real check, refused by `hub_leases`. */
const LEASELESS: Fence = { check: (tx, hubId) => fenceHub(tx, hubId, 'a-node-gone', 1) };

type Route = { version: number; stops: { id: number }[] };

describe('writing and deciding suggestions, fenced and at the same moment', () => {
  let server: TestServer;
  let cookie: string;
  let hubId: number;
  let ana: number;
  let ben: number;
  let refs = 0;

  beforeAll(async () => {
    server = await TestServer.start({ SUGGESTIONS: 'off' });
    cookie = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie,
        body: { name: 'Centro', ...HOME },
      })
    ).body.id;
    ana = (await server.createCourier(cookie, { name: 'Ana', hubId })).id;
    ben = (await server.createCourier(cookie, { name: 'Ben', hubId })).id;
  });
  afterAll(() => server?.stop());

  const route = async (courierId: number) =>
    (await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body;

  /** A new stop on Ana's route, and the move of it to Ben as the engine would store it. */
  async function moveToBen(): Promise<SuggestionInput> {
    const now = Date.now();
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          {
            orderRef: `F-${++refs}`,
            address: 'Rua Bahia 100',
            lat: HOME.lat + 0.01,
            lng: HOME.lng,
            windowStart: now,
            windowEnd: now + 60 * MIN,
            hubId,
            courierId: ana,
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const [from, to] = [await route(ana), await route(ben)];
    return {
      kind: 'late_risk',
      stopIds: [res.body.ids[0]!],
      fromCourierId: ana,
      toCourierId: ben,
      fromRouteVersion: from.version,
      toRouteVersion: to.version,
      insertPosition: 1,
      score: 3,
      explanation: 'Ben is closer',
    };
  }

  const count = async (sql: string, params: unknown[]) =>
    (await server.app.db.query<{ n: number }>(sql, params))[0]!.n;

  it('writes no suggestion, and no event of one, when the fence refuses', async () => {
    const input = await moveToBen();
    const write = server.app.suggestions.create(
      input,
      { type: 'system' },
      fencedBy(LEASELESS, hubId),
    );
    await expect(write).rejects.toBeInstanceOf(FencedError);
    expect(
      await count('select count(*)::int as n from suggestions where $1 = any(stop_ids)', [
        input.stopIds[0],
      ]),
    ).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from events where kind = 'suggestion.created'
         and (data->'stopIds') @> $1::jsonb`,
        [JSON.stringify(input.stopIds)],
      ),
    ).toBe(0);
  });

  it('expires nothing and moves nothing when the fence refuses', async () => {
    const input = await moveToBen();
    const made = await server.app.suggestions.create(input, { type: 'system' });
    await expect(
      server.app.suggestions.expire({ maxAgeMs: 0 }, fencedBy(LEASELESS, hubId)),
    ).rejects.toBeInstanceOf(FencedError);
    await expect(
      server.app.suggestions.accept(made.id, null, undefined, fencedBy(LEASELESS, hubId)),
    ).rejects.toBeInstanceOf(FencedError);
    const [open] = await server.app.suggestions.list('open');
    expect(open).toMatchObject({ id: made.id, status: 'open' });
    expect((await route(ana)).stops.map((s) => s.id)).toContain(input.stopIds[0]);
    expect((await route(ana)).version).toBe(input.fromRouteVersion);
  });

  it('applies a suggestion once when two accepts arrive together: the other is a conflict', async () => {
    const input = await moveToBen();
    const made = await server.app.suggestions.create(input, { type: 'system' });
    const accept = () =>
      server.request<{ code?: string }>('POST', `/api/v1/suggestions/${made.id}/accept`, {
        cookie,
      });
    const answers = await Promise.all([accept(), accept()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('conflict');
    const [from, to] = [await route(ana), await route(ben)];
    expect(from.version).toBe(input.fromRouteVersion! + 1);
    expect(to.version).toBe(input.toRouteVersion + 1);
    expect(from.stops.map((s) => s.id)).not.toContain(input.stopIds[0]);
    expect(to.stops.filter((s) => s.id === input.stopIds[0])).toHaveLength(1);
    const [stored] = await server.app.db.query<{ status: string }>(
      'select status from suggestions where id = $1',
      [made.id],
    );
    expect(stored!.status).toBe('accepted');
  });

  /** An open late-risk alert on the stop `input` moves; returns its id. */
  async function alertOn(input: SuggestionInput): Promise<number> {
    const [row] = await server.app.db.query<{ id: number }>(
      `insert into alerts (kind, severity, courier_id, stop_id, hub_id)
       values ('late_risk', 'warning', $1, $2, $3) returning id`,
      [ana, input.stopIds[0], hubId],
    );
    return row!.id;
  }

  const proposalOf = (input: SuggestionInput): Proposal => ({
    kind: 'late_risk',
    stopIds: input.stopIds,
    fromCourierId: ana,
    toCourierId: ben,
    insertPosition: 1,
    moves: [{ stopId: input.stopIds[0]!, toCourierId: ben, insertPosition: 1 }],
    routeVersions: { [ana]: input.fromRouteVersion!, [ben]: input.toRouteVersion },
    score: 3,
    explanation: 'Ben is closer',
    effect: {
      latenessRemovedMinutes: 0,
      addedMinutes: 4,
      otherStopsOnTime: 0,
      otherStopsMadeLate: [],
      arrivals: [],
    },
    candidatesExamined: 1,
  });

  it('stores a proposal for its alert while the alert is open, and none once it is resolved', async () => {
    const keeper = new ProposalKeeper({
      db: server.app.db,
      suggestions: server.app.suggestions,
      fence: NO_FENCE,
      writeSlot: () => Promise.resolve(),
      hubOf: () => hubId,
      log: { info: () => {} },
    });
    const stored = (stopId: number) =>
      count('select count(*)::int as n from suggestions where $1 = any(stop_ids)', [stopId]);
    const context = (alertId: number) => ({ alertId, hubId, courierId: ana, ownerHubId: hubId });

    const open = await moveToBen();
    await keeper.keep([proposalOf(open)], context(await alertOn(open)));
    expect(await stored(open.stopIds[0]!)).toBe(1);

    // Computed while the alert was open, kept after it was resolved (and its suggestions expired).
    const late = await moveToBen();
    const alertId = await alertOn(late);
    await server.app.db.query('update alerts set resolved_at = now() where id = $1', [alertId]);
    await keeper.keep([proposalOf(late)], context(alertId));
    expect(await stored(late.stopIds[0]!)).toBe(0);
  });
});

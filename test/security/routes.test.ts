import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLERS } from './callers';
import { documentedRoutes, expectRow, startProbe, type Probe } from './probe';
import { ACCOUNT_ROWS } from './rows-accounts';
import { COURIER_ROWS } from './rows-couriers';
import { DISPATCH_ROWS } from './rows-dispatch';
import { STOP_ROWS } from './rows-stops';
import type { RouteRow } from './table';

const ROWS: RouteRow[] = [...ACCOUNT_ROWS, ...COURIER_ROWS, ...STOP_ROWS, ...DISPATCH_ROWS];

/**
 * Every REST route against every kind of caller (README.md): refused callers get the status the
 * table says and change nothing; allowed callers get through the guard.
 */
describe('who may call each REST route', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe();
  });
  afterAll(() => probe?.server.stop());

  it('has one row for every route the server answers, and none for a route it does not', () => {
    const routes = documentedRoutes(probe);
    const rows = ROWS.map((r) => r.route);
    expect(new Set(rows).size, 'a route has two rows').toBe(rows.length);
    expect(
      routes.filter((r) => !rows.includes(r)),
      'routes without a row',
    ).toEqual([]);
    expect(
      rows.filter((r) => !routes.includes(r)),
      'rows for no route',
    ).toEqual([]);
  });

  for (const row of ROWS)
    it(`${row.route} answers each of ${CALLERS.length} callers as the table says`, async () => {
      await expectRow(probe, row);
    });

  it("answers a tracking link's routes with a forged token 404, writing nothing", async () => {
    const forged: RouteRow[] = ROWS.filter((r) => r.route.includes('/track/{token}')).map((r) => ({
      ...r,
      access: { by: 'anyone' },
      except: Object.fromEntries(CALLERS.map((c) => [c, 404])),
      request: async (ctx, caller) => {
        const real = await r.request(ctx, caller);
        return { ...real, url: real.url.replace(ctx.world.trackingToken, 'x'.repeat(43)) };
      },
    }));
    expect(forged.length).toBeGreaterThan(0);
    for (const row of forged) await expectRow(probe, row);
  });
});

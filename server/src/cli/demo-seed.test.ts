import { describe, expect, it } from 'vitest';
import { DomainError, MAX_STOPS_PER_IMPORT, type PlanOutcome } from '@dispatch/shared';
import { createRng } from '../lib/rng';
import { gridNetwork } from '../streets/grid';
import { generateDemoStops } from '../simulator/demo';
import {
  DEMO_RETURN_SHARE,
  STOPS_PER_DEMO_HUB,
  demoHubSites,
  seedDayOfStops,
  withCustomerReturns,
  type DayOfStopsParts,
} from './demo-seed';

const CENTER = { lat: -20.4697, lng: -54.6201 };
const network = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 2000 });

interface SeededRow {
  orderRef: string;
  kind: 'pickup' | 'delivery' | 'return_pickup';
  hubId: number;
  lat: number;
  lng: number;
}

/**
 * A stop service that refuses imports over `limit` rows as the real one does, and a planner;
 * both record what they were given, in order.
 */
function recordingServer(limit: number) {
  const calls: ({ import: SeededRow[] } | { plan: number })[] = [];
  const parts: DayOfStopsParts = {
    stops: {
      importStops: (items) => {
        if (items.length > limit)
          return Promise.reject(new DomainError('too_large', `at most ${limit} stops per import`));
        calls.push({ import: items as SeededRow[] });
        return Promise.resolve([]);
      },
    },
    planner: {
      planHub: (hubId) => {
        calls.push({ plan: hubId });
        return Promise.resolve(emptyPlan(hubId));
      },
    },
  };
  const imports = () => calls.flatMap((c) => ('import' in c ? [c.import] : []));
  return { parts, calls, imports };
}

function emptyPlan(hubId: number): PlanOutcome {
  return {
    hubId,
    planned: 0,
    couriers: [],
    late: [],
    unplanned: [],
    travelMinutes: 0,
    maxStopsPerCourier: 0,
    routeVersions: {},
    elapsedMs: 0,
  };
}

function seed(parts: DayOfStopsParts, stops: number, stopsPerImport?: number) {
  return seedDayOfStops(
    parts,
    { network, stops, stopsPerImport },
    [{ id: 1, ...CENTER }],
    createRng(3),
  );
}

/** The import each order reference went into, by reference. */
function importsByOrder(imports: SeededRow[][]): Map<string, Set<number>> {
  const byOrder = new Map<string, Set<number>>();
  imports.forEach((rows, i) => {
    for (const row of rows)
      byOrder.set(row.orderRef, (byOrder.get(row.orderRef) ?? new Set()).add(i));
  });
  return byOrder;
}

describe('seedDayOfStops', () => {
  it('imports a day larger than one import allows in several imports, every row arriving once', async () => {
    const server = recordingServer(40);
    const added = await seed(server.parts, 300, 40);
    const imports = server.imports();
    const rows = imports.flat();
    expect(imports.length).toBeGreaterThan(1);
    for (const chunk of imports) expect(chunk.length).toBeLessThanOrEqual(40);
    // More rows than stops: each paired pickup brings its delivery.
    expect(rows.length).toBeGreaterThan(300);
    expect(added).toBe(rows.length);
    expect(new Set(rows.map((r) => `${r.orderRef}/${r.kind}`)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.orderRef)).size).toBe(300);
  });

  it('puts each pickup in the same import as its delivery', async () => {
    const server = recordingServer(40);
    await seed(server.parts, 300, 40);
    const imports = server.imports();
    const pairs = imports.flatMap((rows) =>
      rows.filter(
        (r) =>
          r.kind === 'pickup' &&
          rows.some((d) => d.orderRef === r.orderRef && d.kind === 'delivery'),
      ),
    );
    expect(pairs.length).toBeGreaterThan(0);
    for (const seen of importsByOrder(imports).values()) expect(seen.size).toBe(1);
  });

  it('plans the day once, after all its stops are in', async () => {
    const server = recordingServer(40);
    await seed(server.parts, 300, 40);
    expect(server.calls.filter((c) => 'plan' in c)).toHaveLength(1);
    expect(server.calls.at(-1)).toEqual({ plan: 1 });
  });

  it('fits the server’s own limit by default, with a day of more rows than that', async () => {
    const server = recordingServer(MAX_STOPS_PER_IMPORT);
    const added = await seed(server.parts, MAX_STOPS_PER_IMPORT);
    const imports = server.imports();
    expect(added).toBeGreaterThan(MAX_STOPS_PER_IMPORT);
    expect(imports.length).toBe(2);
    expect(imports.flat()).toHaveLength(added);
    for (const seen of importsByOrder(imports).values()) expect(seen.size).toBe(1);
  });
});

describe('customer returns in the seeded day', () => {
  it('makes about 2 % of the orders customer returns, each at its hub and the only stop of its order', async () => {
    const server = recordingServer(MAX_STOPS_PER_IMPORT);
    await seed(server.parts, 300);
    const rows = server.imports().flat();
    const returns = rows.filter((r) => r.kind === 'return_pickup');
    expect(returns).toHaveLength(300 * DEMO_RETURN_SHARE);
    for (const r of returns) {
      expect(r.hubId).toBe(1);
      // The server adds the drop-off at the hub: the seed sends no other stop of the order.
      expect(rows.filter((other) => other.orderRef === r.orderRef)).toEqual([r]);
    }
  });

  it('draws the same returns from the same seed', async () => {
    const first = recordingServer(MAX_STOPS_PER_IMPORT);
    const second = recordingServer(MAX_STOPS_PER_IMPORT);
    await seed(first.parts, 300);
    await seed(second.parts, 300);
    const returnRefs = (rows: SeededRow[]) =>
      rows
        .filter((r) => r.kind === 'return_pickup')
        .map((r) => r.orderRef.split('-').slice(1).join('-'));
    expect(returnRefs(second.imports().flat())).toEqual(returnRefs(first.imports().flat()));
  });

  it('turns plain deliveries into returns at the same door and window, leaving the rest of the day as it was', () => {
    const day = generateDemoStops({
      network,
      count: 400,
      rng: createRng(11),
      dayStartMs: 0,
      dayEndMs: 9 * 3600_000,
    });
    const seeded = withCustomerReturns(day, createRng(12));
    expect(seeded).toHaveLength(day.length);
    let returns = 0;
    seeded.forEach((stop, i) => {
      if (stop.kind === 'return_pickup') {
        returns++;
        expect(day[i]!.kind).toBe('delivery');
        expect(day[i]!.dropOff).toBeUndefined();
        expect({ ...stop, kind: 'delivery' }).toEqual(day[i]);
      } else {
        expect(stop).toBe(day[i]);
      }
    });
    expect(returns).toBe(8);
    expect(withCustomerReturns(day.slice(0, 20), createRng(12))).toEqual(day.slice(0, 20));
  });
});

describe('a day larger than one hub plans', () => {
  it('stands one hub per STOPS_PER_DEMO_HUB stops, the first where asked, the rest on the streets', () => {
    const first = { name: 'Central hub', ...CENTER };
    expect(demoHubSites(network, first, STOPS_PER_DEMO_HUB)).toEqual([first]);
    const sites = demoHubSites(network, first, 2 * STOPS_PER_DEMO_HUB + 1);
    expect(sites).toHaveLength(3);
    expect(sites[0]).toEqual(first);
    const nodes = new Set(
      Array.from(
        { length: network.nodeCount },
        (_, i) => `${network.node(i).lat},${network.node(i).lng}`,
      ),
    );
    for (const site of sites.slice(1)) expect(nodes.has(`${site.lat},${site.lng}`)).toBe(true);
  });

  it('gives each order to the hub nearest to it while it has room for its share, and plans each hub once', async () => {
    const server = recordingServer(MAX_STOPS_PER_IMPORT);
    const hubs = [
      { id: 1, lat: CENTER.lat, lng: CENTER.lng - 0.015 },
      { id: 2, lat: CENTER.lat, lng: CENTER.lng + 0.015 },
    ];
    await seedDayOfStops(server.parts, { network, stops: 200 }, hubs, createRng(5));
    const rows = server.imports().flat();
    expect(new Set(rows.map((r) => r.hubId))).toEqual(new Set([1, 2]));
    const firstOfOrder = new Map<string, SeededRow>();
    for (const row of rows)
      if (!firstOfOrder.has(row.orderRef)) firstOfOrder.set(row.orderRef, row);
    const orders = [...firstOfOrder.values()];
    const ofHub = (id: number) => orders.filter((o) => o.hubId === id).length;
    // Equal shares of the orders…
    expect(Math.abs(ofHub(1) - ofHub(2))).toBeLessThanOrEqual(1);
    // …and the hub that filled up last took none of the other's side while it had room.
    const nearer = (o: SeededRow) => (o.lng < CENTER.lng ? 1 : 2);
    const misplaced = orders.filter(
      (o) => Math.abs(o.lng - CENTER.lng) > 1e-9 && o.hubId !== nearer(o),
    );
    expect(misplaced.length).toBeLessThan(orders.length / 4);
    for (const row of rows) expect(row.hubId).toBe(firstOfOrder.get(row.orderRef)!.hubId);
    expect(server.calls.filter((c) => 'plan' in c)).toEqual([{ plan: 1 }, { plan: 2 }]);
  });
});

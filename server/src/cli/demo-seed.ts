import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_STOPS_PER_IMPORT, type PlanOutcome } from '@dispatch/shared';
import type { App } from '../app';
import { generateDemoCouriers, generateDemoStops, type DemoStop } from '../simulator/demo';
import { createRng, type Rng } from '../lib/rng';
import type { StreetNetwork } from '../streets/network';
import { chunkOrders } from './order-chunks';

/** What seeding a demo uses of the server. */
export type DemoSeedParts = Pick<App, 'hubs' | 'auth' | 'couriers' | 'fleet' | 'stops' | 'planner'>;

/** A stop of the seeded day: a demo stop, or a customer return made of a demo delivery. */
export type SeedStop = Omit<DemoStop, 'kind'> & { kind: DemoStop['kind'] | 'return_pickup' };

/** Demo accounts, kept in the data folder so every start can print them. */
export interface DemoCredentials {
  admin: { email: string; password: string };
  dispatcher: { email: string; password: string };
  supervisor: { email: string; password: string };
}

export interface DemoSeedOptions {
  network: StreetNetwork;
  hub: { name: string; lat: number; lng: number };
  couriers: number;
  stops: number;
  seed: number;
  dataDir: string;
  /** Told how the day's stops were planned. */
  onPlanned?: ((outcome: PlanOutcome, stops: number) => void) | undefined;
  /** Rows per stop import at most (the server's limit by default; tests pass a small one). */
  stopsPerImport?: number | undefined;
}

/** What adding a day of stops uses of the server. */
export interface DayOfStopsParts {
  stops: Pick<App['stops'], 'importStops'>;
  planner: Pick<App['planner'], 'planHub'>;
}

/** A hub of the demo and where it is. */
export interface DemoHub {
  id: number;
  lat: number;
  lng: number;
}

const CREDENTIALS_FILE = 'demo-credentials.json';
/** Share of the seeded day's orders that are customer returns. */
export const DEMO_RETURN_SHARE = 0.02;
/**
 * Stops per demo hub at most: a larger day is a city with several depots, each planning its own
 * day (one plan's dense travel matrix grows with the square of its stops).
 */
export const STOPS_PER_DEMO_HUB = 5000;

function password(): string {
  return randomBytes(9).toString('base64url');
}

/** Reads the demo credentials written by the first run, if any. */
export function readDemoCredentials(dataDir: string): DemoCredentials | null {
  const path = join(dataDir, CREDENTIALS_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoCredentials) : null;
}

/**
 * On an empty database: a hub, an admin, a dispatcher and a supervisor, couriers, and a day of
 * stops with time windows planned onto the couriers. Returns null when the database already has hubs.
 */
export async function seedDemo(
  parts: DemoSeedParts,
  options: DemoSeedOptions,
): Promise<DemoCredentials | null> {
  if ((await parts.hubs.list()).length > 0) return null;
  const system = { type: 'system' as const };
  const rng = createRng(options.seed);
  const sites = demoHubSites(options.network, options.hub, options.stops);
  const hubs: DemoHub[] = [];
  for (const site of sites) {
    const hub = await parts.hubs.create({ ...site, onTimeTarget: 0.95 }, system);
    hubs.push({ id: hub.id, lat: site.lat, lng: site.lng });
  }
  // One hub's people are bound to it; with several, they oversee them all.
  const staffHub = hubs.length === 1 ? { hubId: hubs[0]!.id } : {};
  const credentials: DemoCredentials = {
    admin: { email: 'admin@demo.local', password: password() },
    dispatcher: { email: 'dispatcher@demo.local', password: password() },
    supervisor: { email: 'supervisor@demo.local', password: password() },
  };
  await parts.auth.createUser({ ...credentials.admin, name: 'Demo Admin', role: 'admin' });
  await parts.auth.createUser({
    ...credentials.dispatcher,
    name: 'Dana Dispatcher',
    role: 'dispatcher',
    ...staffHub,
  });
  await parts.auth.createUser({
    ...credentials.supervisor,
    name: 'Sam Supervisor',
    role: 'supervisor',
    ...staffHub,
  });
  writeFileSync(join(options.dataDir, CREDENTIALS_FILE), JSON.stringify(credentials, null, 2), {
    mode: 0o600,
  });

  const people = generateDemoCouriers({ count: options.couriers, rng });
  const shift = demoShift(Date.now());
  for (const [i, person] of people.entries()) {
    const hubId = hubs[i % hubs.length]!.id;
    const { courier } = await parts.couriers.create({ ...person, hubId, ...shift }, system);
    parts.fleet.upsertCourier(courier.id, hubId);
  }
  await seedDayOfStops(parts, options, hubs, rng.fork('stops'));
  return credentials;
}

/**
 * Adds a day of stops (windows from a quarter of an hour ago to nine hours ahead) to a hub and
 * plans them onto its couriers the way a dispatcher's "plan" does (the routing core, balanced,
 * each shop pickup's delivery right after it): the morning has just begun, so the few stops
 * planned late are those no courier can reach inside their window. About
 * {@link DEMO_RETURN_SHARE} of the orders are customer returns, whose drop-off at the hub the
 * server adds. A day larger than one import allows goes in several imports, each pickup in the
 * same one as its delivery, and is planned once all are in. Returns how many rows were imported.
 */
export async function seedDayOfStops(
  parts: DayOfStopsParts,
  options: Pick<DemoSeedOptions, 'network' | 'stops' | 'onPlanned' | 'stopsPerImport'>,
  hubs: readonly DemoHub[],
  rng: ReturnType<typeof createRng>,
): Promise<number> {
  const now = Date.now();
  const demoStops = generateDemoStops({
    network: options.network,
    count: options.stops,
    rng,
    dayStartMs: now - 15 * 60_000,
    dayEndMs: now + 9 * 3600_000,
  });
  const stops = withCustomerReturns(demoStops, rng.fork('returns'));
  const tag = Math.floor(now / 60_000)
    .toString(36)
    .toUpperCase();
  const toRow = (s: SeedStop, hubId: number) => ({
    orderRef: `${tag}-${s.orderRef}`,
    kind: s.kind,
    address: s.address,
    lat: s.lat,
    lng: s.lng,
    windowStart: s.windowStartMs,
    windowEnd: s.windowEndMs,
    serviceSeconds: s.serviceSeconds,
    demand: s.demand,
    slaTier: s.slaTier,
    hubId,
  });
  // Each order goes to the nearest hub that still has room for its share of the day.
  const byHub = new Map<number, ReturnType<typeof toRow>[][]>(hubs.map((h) => [h.id, []]));
  const share = Math.ceil(stops.length / hubs.length);
  for (const s of stops) {
    const hubId = nearestHubWithRoom(hubs, s, (id) => byHub.get(id)!.length < share).id;
    byHub
      .get(hubId)!
      .push(s.dropOff ? [toRow(s, hubId), toRow(s.dropOff, hubId)] : [toRow(s, hubId)]);
  }
  const system = { type: 'system' as const };
  let total = 0;
  for (const [hubId, orders] of byHub) {
    let rows = 0;
    for (const chunk of chunkOrders(orders, options.stopsPerImport ?? MAX_STOPS_PER_IMPORT)) {
      await parts.stops.importStops(chunk, system);
      rows += chunk.length;
    }
    if (rows === 0) continue;
    const outcome = await parts.planner.planHub(
      hubId,
      { timeLimitMs: Math.min(MAX_PLAN_MS, 500 + 2 * rows), placeLateStops: true },
      system,
    );
    options.onPlanned?.(outcome, rows);
    total += rows;
  }
  return total;
}

/**
 * The day with `share` of its orders (rounded) made customer returns: plain deliveries picked
 * by `rng` become `return_pickup`s at the same door and window. The other stops stay as they were.
 */
export function withCustomerReturns(
  stops: readonly DemoStop[],
  rng: Rng,
  share = DEMO_RETURN_SHARE,
): SeedStop[] {
  const deliveries = stops.flatMap((s, i) => (s.kind === 'delivery' ? [i] : []));
  const wanted = Math.min(deliveries.length, Math.round(stops.length * share));
  // The first `wanted` places of a partial Fisher-Yates shuffle.
  for (let k = 0; k < wanted; k++) {
    const j = rng.int(k, deliveries.length - 1);
    [deliveries[k], deliveries[j]] = [deliveries[j]!, deliveries[k]!];
  }
  const returns = new Set(deliveries.slice(0, wanted));
  return stops.map((s, i) => (returns.has(i) ? { ...s, kind: 'return_pickup' } : s));
}

/**
 * Where the demo's hubs stand: the given one, and for a day of more than `STOPS_PER_DEMO_HUB`
 * stops, more around it on the streets, half-way to the edge of the map.
 */
export function demoHubSites(
  network: StreetNetwork,
  first: { name: string; lat: number; lng: number },
  stops: number,
): { name: string; lat: number; lng: number }[] {
  const count = Math.max(1, Math.ceil(stops / STOPS_PER_DEMO_HUB));
  const sites = [first];
  const b = network.bbox;
  for (let k = 1; k < count; k++) {
    const angle = (2 * Math.PI * (k - 1)) / (count - 1);
    const lat = first.lat + (Math.sin(angle) * (b.north - b.south)) / 4;
    const lng = first.lng + (Math.cos(angle) * (b.east - b.west)) / 4;
    const node = network.node(network.nearestNode(lat, lng));
    sites.push({ name: `Hub ${k + 1}`, lat: node.lat, lng: node.lng });
  }
  return sites;
}

function nearestHubWithRoom(
  hubs: readonly DemoHub[],
  at: { lat: number; lng: number },
  hasRoom: (hubId: number) => boolean,
): DemoHub {
  const cos = Math.cos((at.lat * Math.PI) / 180);
  const distance = (hub: DemoHub) => (hub.lat - at.lat) ** 2 + ((hub.lng - at.lng) * cos) ** 2;
  const nearestFirst = [...hubs].sort((a, b) => distance(a) - distance(b));
  return nearestFirst.find((hub) => hasRoom(hub.id)) ?? nearestFirst[0]!;
}

/**
 * A ten-hour shift from an hour ago (the demo's day, in the hub's UTC), so that a demo started
 * at any hour has its couriers at work.
 */
export function demoShift(now: number): { shiftStartMinute: number; shiftEndMinute: number } {
  const start = Math.floor(((now - 3600_000) % 86_400_000) / 60_000);
  return { shiftStartMinute: start, shiftEndMinute: (start + 600) % 1440 };
}

/** The demo's planning budget at most (1,500 stops get 3.5 s). */
const MAX_PLAN_MS = 5000;

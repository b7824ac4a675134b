import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_STOPS_PER_IMPORT, type PlanOutcome } from '@dispatch/shared';
import type { App } from '../app';
import { generateDemoCouriers, generateDemoStops, type DemoStop } from '../simulator/demo';
import { createRng } from '../lib/rng';
import type { StreetNetwork } from '../streets/network';
import { chunkOrders } from './order-chunks';

/** What seeding a demo uses of the server. */
export type DemoSeedParts = Pick<App, 'hubs' | 'auth' | 'couriers' | 'fleet' | 'stops' | 'planner'>;

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

const CREDENTIALS_FILE = 'demo-credentials.json';

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
  const hub = await parts.hubs.create({ ...options.hub, onTimeTarget: 0.95 }, system);
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
    hubId: hub.id,
  });
  await parts.auth.createUser({
    ...credentials.supervisor,
    name: 'Sam Supervisor',
    role: 'supervisor',
    hubId: hub.id,
  });
  writeFileSync(join(options.dataDir, CREDENTIALS_FILE), JSON.stringify(credentials, null, 2), {
    mode: 0o600,
  });

  const people = generateDemoCouriers({ count: options.couriers, rng });
  const shift = demoShift(Date.now());
  for (const person of people) {
    const { courier } = await parts.couriers.create({ ...person, hubId: hub.id, ...shift }, system);
    parts.fleet.upsertCourier(courier.id, hub.id);
  }
  await seedDayOfStops(parts, options, hub.id, rng.fork('stops'));
  return credentials;
}

/**
 * Adds a day of stops (from one hour ago to nine hours ahead) to a hub and plans them onto its
 * couriers the way a dispatcher's "plan" does (the routing core, balanced, each shop pickup's
 * delivery right after it); stops whose window has already closed are planned late, as a
 * morning's backlog. A day larger than one import allows goes in several imports, each pickup
 * in the same one as its delivery, and is planned once all are in. Returns how many stops
 * were added.
 */
export async function seedDayOfStops(
  parts: DayOfStopsParts,
  options: Pick<DemoSeedOptions, 'network' | 'hub' | 'stops' | 'onPlanned' | 'stopsPerImport'>,
  hubId: number,
  rng: ReturnType<typeof createRng>,
): Promise<number> {
  const now = Date.now();
  const stops = generateDemoStops({
    network: options.network,
    count: options.stops,
    rng,
    dayStartMs: now - 3600_000,
    dayEndMs: now + 9 * 3600_000,
  });
  const tag = Math.floor(now / 60_000)
    .toString(36)
    .toUpperCase();
  const toRow = (s: DemoStop) => ({
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
  const orders = stops.map((s) => (s.dropOff ? [toRow(s), toRow(s.dropOff)] : [toRow(s)]));
  const system = { type: 'system' as const };
  let rows = 0;
  for (const chunk of chunkOrders(orders, options.stopsPerImport ?? MAX_STOPS_PER_IMPORT)) {
    await parts.stops.importStops(chunk, system);
    rows += chunk.length;
  }
  const outcome = await parts.planner.planHub(
    hubId,
    { timeLimitMs: Math.min(MAX_PLAN_MS, 500 + 2 * rows), placeLateStops: true },
    system,
  );
  options.onPlanned?.(outcome, rows);
  return rows;
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

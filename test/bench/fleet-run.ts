import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../server/src/lib/rng';
import type { StreetNetwork } from '../../server/src/streets/network';
import { createPostgresDatabase, type BenchDatabase } from './bench-db';
import { BenchChild } from './children';
import { FleetServers, serverFigures, type ServerFigures } from './fleet-servers';
import { BENCH_ADMIN } from './couriers-api';
import type {
  FleetConsoleReport,
  FleetConsoleResult,
  FleetLoadReport,
  FleetLoadResult,
  FleetLoadStart,
  FleetWindow,
} from './fleet-messages';
import { feedLateOrders, importRoutes } from './fleet-imports';
import { planStreetFleet } from './fleet-plan';
import { BENCH_DISPATCHER, seedStreetFleet } from './fleet-seed';
import { cityBounds, streetsCenter, type NetworkKind } from './fleet-streets';
import { openTrackingPages, trackedStops, type TrackingPages } from './fleet-tracking-pages';
import type { FleetTrackingResult } from './notify-messages';
import { progress } from './run-phase';

/** The shape of every run: the load, the incidents and the server settings they need. */
export interface FleetShape {
  warmupS: number;
  durationS: number;
  consoles: number;
  pingEveryS: number;
  stopsPerCourier: number;
  offlineAfterS: number;
  stallAfterS: number;
  offlinePerMin: number;
  stallsPerMin: number;
  latePerMin: number;
  consoleTickMs: number;
  seed: number;
  pgUrl: string;
  /** The Redis of runs with several nodes (`FleetRunSpec.nodes`); empty: every run alone. */
  redisUrl?: string;
  osmPath: string;
  /** When set, the server is CPU-profiled from listening to the window start, then over the window. */
  profileDir: string;
}

/** One run: which network, how many couriers, suggestion triggers on or off. */
export interface FleetRunSpec {
  network: NetworkKind;
  streets: StreetNetwork;
  couriers: number;
  suggestions: boolean;
  /** Customers' tracking pages open on the couriers' stops over the run (bench:notify). */
  trackingPages?: number;
  /** Couriers report their next stop en route once routed, putting their routes out for delivery. */
  setsOff?: boolean;
  /**
   * Server nodes (default 1); with `clustered` they form one cluster on the shape's Redis, and
   * couriers and consoles are dealt over them in turn. Without it the one node runs alone.
   */
  nodes?: number;
  clustered?: boolean;
  /** Hubs the couriers are dealt over (default 1), so that hub ownership can spread. */
  hubs?: number;
}

export interface FleetRunResult {
  spec: Omit<FleetRunSpec, 'streets'>;
  load: FleetLoadResult;
  consoles: FleetConsoleResult;
  /** What the tracking pages measured, when the run opened any. */
  tracking: FleetTrackingResult | null;
  server: ServerFigures;
  /** Late orders imported during the run (and imports refused). */
  lateOrders: number;
  failedLateOrders: number;
  /** Route imports that failed with a server error and were retried. */
  routeImportsRetried: number;
  /** Seeding, server start, connecting consoles and couriers, importing their routes, seconds. */
  setupS: number;
}

/**
 * From a stall's start to its alert: the detector first needs a minute of fixes in one place to
 * call it a dwell, then the dwell must last STALL_AFTER_S; plus a couple of fixes.
 */
const STALL_LEAD_S = (stallAfterS: number) => Math.max(60, stallAfterS) + 10;

/** Late orders arrive this long before their window ends (at most the warm-up). */
const LATE_LEAD_S = 60;
const sleepUntil = (epochMs: number) =>
  new Promise((done) => setTimeout(done, Math.max(0, epochMs - Date.now())));

const flagArgs = (flags: Record<string, string | number>) =>
  Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)]);

let activeDatabase: BenchDatabase | null = null;

/** The database of the run in progress, for the orchestrator's SIGINT path. */
export const runningDatabase = (): BenchDatabase | null => activeDatabase;

/**
 * One run end to end: a fresh database seeded with the couriers, the real server, the consoles
 * and the couriers' devices; once all are connected, their routes imported, then the warm-up, then the measured window with `/metrics`
 * and the server's CPU and RSS sampled at both ends; late orders fed all along; tracking pages,
 * when asked for, opened on the routes before the warm-up; then everything stopped and the
 * database dropped.
 */
export async function runFleet(spec: FleetRunSpec, shape: FleetShape): Promise<FleetRunResult> {
  const { streets, couriers: count } = spec;
  const pagesCount = spec.trackingPages ?? 0;
  const label =
    `${spec.network} ${count} couriers, suggestions ${spec.suggestions ? 'on' : 'off'}` +
    (spec.trackingPages === undefined ? '' : `, ${pagesCount} tracking pages`) +
    (spec.nodes === undefined
      ? ''
      : `, ${spec.nodes} node(s) ${spec.clustered ? 'in a cluster' : 'alone'}`);
  const began = performance.now();
  const runSeconds = shape.warmupS + shape.durationS;
  const lateLeadS = Math.min(LATE_LEAD_S, shape.warmupS);
  const db = await createPostgresDatabase(shape.pgUrl, 'bench_fleet');
  activeDatabase = db;
  const children: { stop(timeoutMs: number): Promise<number | null> }[] = [];
  let stopFeed = () => {};
  let closeServers = async () => {};
  try {
    const plan = planStreetFleet(streets, {
      count,
      stopsPerCourier: shape.stopsPerCourier,
      nowMs: Date.now(),
      lateOrders: Math.round((shape.latePerMin * (runSeconds - lateLeadS)) / 60),
      rng: createRng(shape.seed),
    });
    progress(`[${label}] seeding ${count} couriers`);
    const { courierHubs, tokens } = await seedStreetFleet(
      db.env.DATABASE_URL!,
      plan.couriers,
      streetsCenter(streets),
      spec.hubs ?? 1,
    );

    const nodes = spec.nodes ?? 1;
    const clusterName = `bench${process.pid}n${nodes}`;
    const servers = await FleetServers.start({
      count: nodes,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: BENCH_ADMIN.email,
        ADMIN_PASSWORD: BENCH_ADMIN.password,
        // Each tracking page comes from its own address in `X-Forwarded-For`, as behind a proxy.
        TRUST_PROXY: 'loopback',
        WEB_DIR: join(tmpdir(), 'bench-fleet-no-web'),
        OFFLINE_AFTER_S: String(shape.offlineAfterS),
        STALL_AFTER_S: String(shape.stallAfterS),
        CONSOLE_TICK_MS: String(shape.consoleTickMs),
        BENCH_NETWORK: spec.network,
        BENCH_OSM_FILE: shape.osmPath,
        BENCH_SUGGESTIONS: spec.suggestions ? 'on' : 'off',
      },
      db,
      redisUrl: spec.clustered ? (shape.redisUrl ?? '') : '',
      clusterName,
      track: (server) => children.push(server),
    });
    closeServers = () => servers.close(clusterName);
    const server = servers.servers[0]!;
    const url = servers.urls[0]!;
    const urlList = servers.urls.join(',');
    const profile = servers.profiler(shape.profileDir, label);
    await profile.start();

    progress(`[${label}] connecting ${shape.consoles} consoles and ${count} couriers`);
    const consoles = BenchChild.start<FleetConsoleReport, FleetWindow>('./fleet-consoles.ts', {
      args: flagArgs({
        url: urlList,
        consoles: shape.consoles,
        email: BENCH_DISPATCHER.email,
        password: BENCH_DISPATCHER.password,
        bounds: cityBounds(streets).join(','),
        'offline-after-s': shape.offlineAfterS,
      }),
    });
    children.push(consoles);
    const load = BenchChild.start<FleetLoadReport, FleetLoadStart | FleetWindow>(
      './fleet-load.ts',
      {
        args: flagArgs({
          url: urlList,
          network: spec.network,
          osm: shape.osmPath,
          'ping-every-s': shape.pingEveryS,
          'offline-per-min': shape.offlinePerMin,
          'offline-after-s': shape.offlineAfterS,
          'stalls-per-min': shape.stallsPerMin,
          'stall-lead-s': STALL_LEAD_S(shape.stallAfterS),
          'sets-off': spec.setsOff ? 1 : 0,
          seed: shape.seed,
        }),
      },
    );
    children.push(load);
    load.send({
      type: 'start',
      devices: plan.couriers.map((c, i) => ({
        token: tokens[i]!,
        lat: c.lat,
        lng: c.lng,
        speedMps: c.speedMps,
      })),
    });
    const [{ connectMs }, { cookie }] = await Promise.all([
      load.waitFor('connected', 900_000),
      consoles.waitFor('connected', 900_000),
    ]);
    progress(
      `[${label}] couriers connected in ${(connectMs / 1000).toFixed(1)} s; ` +
        `importing ${count * shape.stopsPerCourier} stops onto their routes`,
    );
    const courierIds = plan.couriers.map((c) => c.id);
    const log = (message: string) => progress(`[${label}] ${message}`);
    const routes = await importRoutes({
      url,
      cookie,
      stops: plan.stops,
      courierIds,
      courierHubs,
      log,
    });
    let pages: TrackingPages | null = null;
    if (pagesCount > 0) {
      const stopIds = trackedStops(routes.stopIds, pagesCount);
      log(`opening ${stopIds.length} tracking pages`);
      pages = await openTrackingPages({ server, url, stopIds, log });
      children.push(pages);
    }
    const setupS = (performance.now() - began) / 1000;
    progress(`[${label}] set up in ${setupS.toFixed(1)} s; warming up`);
    const startMs = Date.now();
    const window: FleetWindow = {
      type: 'window',
      measureStartMs: startMs + shape.warmupS * 1000,
      measureEndMs: startMs + runSeconds * 1000,
    };
    consoles.send(window);
    load.send(window);
    pages?.send(window);
    // Imported as one of the consoles' dispatchers: the server allows 20 sign-ins a minute.
    const feed = feedLateOrders({
      url,
      cookie,
      orders: plan.lateOrders,
      courierIds,
      courierHubs,
      startMs,
      endMs: window.measureEndMs,
      leadS: lateLeadS,
      log,
    });
    stopFeed = () => feed.stop();

    await sleepUntil(window.measureStartMs);
    progress(`[${label}] measuring for ${shape.durationS} s`);
    const before = await servers.sample();
    await profile.save('setup');
    await profile.start();
    await sleepUntil(window.measureEndMs);
    const after = await servers.sample();
    await profile.save('window');
    feed.stop();
    const { result: loadResult } = await load.waitFor('result', 60_000);
    const { result: consoleResult } = await consoles.waitFor('result', 60_000);
    const tracking = pages ? (await pages.waitFor('result', 60_000)).result : null;
    return {
      spec: {
        network: spec.network,
        couriers: count,
        suggestions: spec.suggestions,
        trackingPages: pagesCount,
        setsOff: spec.setsOff ?? false,
        nodes: spec.nodes ?? 1,
        clustered: spec.clustered ?? false,
        hubs: spec.hubs ?? 1,
      },
      load: loadResult,
      consoles: consoleResult,
      tracking,
      server: serverFigures(before, after),
      lateOrders: feed.imported,
      failedLateOrders: feed.failed,
      routeImportsRetried: routes.retried,
      setupS,
    };
  } finally {
    stopFeed();
    for (const child of children.reverse()) await child.stop(20_000);
    await closeServers();
    await db.drop();
    activeDatabase = null;
  }
}

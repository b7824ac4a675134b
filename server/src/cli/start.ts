import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { and, gt, inArray } from 'drizzle-orm';
import { OPEN_STOP_STATUSES, type PlanOutcome } from '@dispatch/shared';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { stops } from '../db/schema';
import { createRng } from '../lib/rng';
import { gridNetwork } from '../streets/grid';
import type { StreetNetwork } from '../streets/network';
import { loadOsmNetwork } from '../streets/osm';
import { ShopService } from '../orders/shop-service';
import { WindowSlotStore } from '../tracking/window-slots';
import { demoTrackingStop, seedDemoCustomerSide } from './demo-customers';
import { demoShift, readDemoCredentials, seedDayOfStops, seedDemo } from './demo-seed';

const USAGE = `Runs the whole product: server, embedded database (or DATABASE_URL), console and a simulated fleet.

  pnpm start [--no-sim] [--couriers N] [--stops N] [--osm FILE] [--seed N]

  --no-sim        do not start the fleet simulator
  --couriers N    couriers in the demo seeded on first run (default 100)
  --stops N       stops in the demo day (default 1500)
  --osm FILE      OSM XML extract (.osm or .osm.gz) for the demo's streets and the simulator
  --seed N        random seed of the demo and the simulator (default 1)

Environment: PORT (3000), HOST (127.0.0.1), OSMAND_PORT (5055), DATABASE_URL, DATA_DIR (.data),
ADMIN_EMAIL and ADMIN_PASSWORD (an extra admin), LOG_LEVEL (info; debug adds a line per request),
LOG_FORMAT (pretty here; json for log collectors).`;

/** Campo Grande, Brazil: the centre of the demo city when no OSM file is given. */
const DEMO_CENTER = { lat: -20.4697, lng: -54.6201 };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'no-sim': { type: 'boolean', default: false },
      couriers: { type: 'string', default: '100' },
      stops: { type: 'string', default: '1500' },
      osm: { type: 'string' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const courierCount = positiveInt(values.couriers, '--couriers');
  const stopCount = positiveInt(values.stops, '--stops');
  const seed = positiveInt(values.seed, '--seed');
  // Readable log lines unless LOG_FORMAT says otherwise.
  const config = loadConfig({ LOG_FORMAT: 'pretty', ...process.env });
  const network: StreetNetwork = values.osm
    ? await loadOsmNetwork(values.osm)
    : gridNetwork({ centerLat: DEMO_CENTER.lat, centerLng: DEMO_CENTER.lng, radiusMeters: 4000 });
  const center = values.osm ? networkCenter(network) : DEMO_CENTER;

  const app = await buildApp(config, { streets: network, roads: values.osm ? network : null });
  const onPlanned = (plan: PlanOutcome, count: number) =>
    console.log(
      `  Demo day: ${count} stops planned onto ${plan.couriers.length} couriers in ` +
        `${(plan.elapsedMs / 1000).toFixed(1)} s (at most ${plan.maxStopsPerCourier} stops or ` +
        `pickup-delivery pairs each; ${plan.late.length} predicted late)`,
    );
  await seedDemo(app, {
    onPlanned,
    network,
    hub: { name: 'Central hub', ...center },
    couriers: courierCount,
    stops: stopCount,
    seed,
    dataDir: config.DATA_DIR,
  });
  await topUpStops(app, network, stopCount, seed, onPlanned);
  const credentials = readDemoCredentials(config.DATA_DIR);
  // Only a demo's own database gets made-up customers, slots and a shop.
  if (credentials) {
    await seedDemoCustomerSide(
      {
        db: app.db,
        hubs: app.hubs,
        windowSlots: new WindowSlotStore(app.db.orm),
        shops: new ShopService(app.db.orm),
      },
      createRng(seed).fork('customers'),
    );
  }
  const { port, osmandPort } = await app.listen();
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const url = `http://${host}:${port}`;
  const trackingStop = credentials ? await demoTrackingStop(app.db) : null;
  const trackingLink = trackingStop ? await app.customers.links.linkFor(trackingStop) : null;

  let sim: ChildProcess | null = null;
  if (!values['no-sim'] && credentials) {
    const simMain = fileURLToPath(new URL('../simulator/main.ts', import.meta.url));
    const args = ['--import', 'tsx', simMain, '--server', url, '--seed', String(seed)];
    if (values.osm) args.push('--osm', values.osm);
    sim = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: {
        ...process.env,
        SIM_EMAIL: credentials.admin.email,
        SIM_PASSWORD: credentials.admin.password,
      },
    });
    sim.on('exit', (code) => {
      if (code) app.http.log.warn({ code }, 'simulator exited');
    });
  }

  console.log(
    [
      '',
      `  Dispatch control tower is running (${app.db.kind === 'pglite' ? `embedded database in ${config.DATA_DIR}` : 'PostgreSQL'})`,
      `  Console        ${url}/`,
      ...(trackingLink
        ? [`  Customer page  ${trackingLink}  (a delivery on a courier's route)`]
        : []),
      `  API docs       ${url}/docs  (signed in)`,
      `  Metrics        ${url}/metrics  (from this machine)`,
      `  OsmAnd ingest  http://${host}:${osmandPort}/  (Traccar Client: device identifier = the courier's tracker secret, issued in the courier drawer)`,
      ...(credentials
        ? [
            `  Sign in as     admin       ${credentials.admin.email}  ${credentials.admin.password}`,
            `                 dispatcher  ${credentials.dispatcher.email}  ${credentials.dispatcher.password}`,
            `                 supervisor  ${credentials.supervisor.email}  ${credentials.supervisor.password}`,
          ]
        : []),
      `  Simulator      ${sim ? 'running (stop everything with Ctrl+C)' : 'not started'}`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.http.log.info({ signal }, 'shutting down');
    const simExited =
      sim && sim.exitCode === null ? new Promise((r) => sim!.once('exit', r)) : Promise.resolve();
    sim?.kill('SIGTERM');
    const timeout = new Promise((r) => setTimeout(r, 5000).unref());
    Promise.race([simExited, timeout])
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** A demo started on a later day gets a fresh day of stops for its couriers. */
async function topUpStops(
  parts: Pick<App, 'db' | 'hubs' | 'couriers' | 'stops' | 'planner'>,
  network: StreetNetwork,
  count: number,
  seed: number,
  onPlanned: (plan: PlanOutcome, count: number) => void,
) {
  const open = await parts.db.orm
    .select({ id: stops.id })
    .from(stops)
    .where(and(inArray(stops.status, [...OPEN_STOP_STATUSES]), gt(stops.windowEnd, new Date())))
    .limit(1);
  if (open.length > 0) return;
  const hubs = await parts.hubs.list();
  if (hubs.length === 0) return;
  const shift = demoShift(Date.now());
  for (const courier of await parts.couriers.list()) {
    if (courier.active) await parts.couriers.update(courier.id, shift, { type: 'system' });
  }
  await seedDayOfStops(
    parts,
    { network, stops: count, onPlanned },
    hubs,
    createRng(seed + Math.floor(Date.now() / 86_400_000)),
  );
}

function networkCenter(network: StreetNetwork): { lat: number; lng: number } {
  const b = network.bbox;
  const node = network.node(network.nearestNode((b.south + b.north) / 2, (b.west + b.east) / 2));
  return { lat: node.lat, lng: node.lng };
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${flag} takes a positive whole number, not "${value}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});

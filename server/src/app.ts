import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { AlertEscalation } from './alerts/alert-escalation';
import { AlertLifecycle } from './alerts/alert-lifecycle';
import { AlertService } from './alerts/alert-service';
import { FailedAttemptAlerts } from './alerts/failed-attempt-alerts';
import { alertsPlugin } from './alerts/plugin';
import { AuthService } from './auth/auth-service';
import { createGuard, type Guard } from './auth/guard';
import { authPlugin } from './auth/plugin';
import type { Config } from './config';
import { loadCourierProfiles } from './couriers/courier-profiles';
import { CourierService } from './couriers/courier-service';
import { couriersPlugin } from './couriers/plugin';
import { openDatabase, type Database } from './db/client';
import { ensurePingPartitions, migrate } from './db/migrate';
import { ModelStateStore } from './db/model-state';
import { detectionConfig } from './detect/config';
import { DetectionService } from './detect/detection-service';
import { detectionOverrides } from './detect/detection-rules';
import { PlanService } from './dispatch/plan-service';
import { planningPlugin } from './dispatch/planning-plugin';
import { dispatchPlugin } from './dispatch/plugin';
import { ReassignService } from './dispatch/reassign-service';
import { ResequenceService } from './dispatch/resequence-service';
import { SuggestionService } from './dispatch/suggestion-service';
import { SuggestionTriggers } from './dispatch/suggestion-triggers';
import { proposalEngine } from './dispatch/proposals';
import { EtaService } from './eta/eta-service';
import { DomainBus } from './events/bus';
import { CourierRoster } from './fleet/courier-roster';
import { restoreFleet } from './fleet/fleet-restore';
import { FleetState } from './fleet/fleet-state';
import { RosterSync } from './fleet/roster-sync';
import { consoleWebPlugin } from './http/console-web';
import { createHttpServer } from './http/http-server';
import { HubService } from './hubs/hub-service';
import { hubsPlugin } from './hubs/plugin';
import { CourierGateway } from './ingest/courier-gateway';
import { IngestService } from './ingest/ingest-service';
import { buildOsmAndServer } from './ingest/osmand-server';
import { courierTrail, recentFixes } from './ingest/ping-reads';
import type { PingRow } from './ingest/ping-rows';
import { createPingWriter, type PingSink } from './ingest/ping-writer-pool';
import { ingestPlugin } from './ingest/plugin';
import { KpiService } from './kpi/kpi-service';
import { kpiPlugin } from './kpi/plugin';
import { mapPlugin } from './map/plugin';
import { startMaintenance } from './ops/maintenance';
import { createMetrics, type Metrics } from './ops/metrics';
import { opsPlugin } from './ops/plugin';
import { ConsoleGateway } from './realtime/console-gateway';
import { stopsPlugin } from './stops/plugin';
import { StopService } from './stops/stop-service';
import { StopStore } from './stops/stop-store';
import type { StreetNetwork } from './streets/network';

/**
 * A running server: the HTTP app with Socket.IO, the OsmAnd listener, and the parts it is made
 * of (for the start command, tests and benchmarks).
 */
export interface App {
  http: FastifyInstance;
  osmand: FastifyInstance;
  io: Server;
  config: Config;
  db: Database;
  metrics: Metrics;
  bus: DomainBus;
  guard: Guard;
  auth: AuthService;
  hubs: HubService;
  couriers: CourierService;
  stops: StopService;
  alerts: AlertService;
  fleet: FleetState;
  roster: CourierRoster;
  eta: EtaService;
  detection: DetectionService;
  writer: PingSink;
  ingest: IngestService;
  reassign: ReassignService;
  suggestions: SuggestionService;
  triggers: SuggestionTriggers;
  resequence: ResequenceService;
  planner: PlanService;
  kpi: KpiService;
  /** What happens to durable pings: the live fleet, detection and the learned speeds take them. */
  pingsCommitted(rows: readonly PingRow[]): void;
  /** Listens on the configured ports (0 = any free port) and returns the bound ones. */
  listen(): Promise<{ port: number; osmandPort: number }>;
  /** Graceful shutdown: stop taking work, flush buffered pings, close the database. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** The street network to draw on the console's offline map (the simulator's grid or an OSM extract). */
  streets?: StreetNetwork | null;
  /** A real road network (an OSM extract): ETAs follow its streets instead of straight lines. */
  roads?: StreetNetwork | null;
  /** Registers more routes after the product's (tests add routes that inject alerts and suggestions). */
  extend?: (http: FastifyInstance, app: App) => Promise<void>;
}

const HOUR_MS = 3_600_000;

/**
 * The composition root, the one place that knows every part: opens the database, builds the
 * services with only what each uses, restores the live state, then registers each capability's
 * plugin with only what it uses.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const http = await createHttpServer({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const log = http.log;
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  await migrate(db);
  await ensurePingPartitions(db);
  const metrics = createMetrics();
  const bus = new DomainBus();

  // Records.
  const auth = new AuthService(db.orm, config.SESSION_TTL_HOURS * HOUR_MS);
  const hubs = new HubService(db.orm, bus);
  const couriers = new CourierService(db.orm, bus);
  const stops = new StopService(db.orm, bus);
  const stopStore = new StopStore(db);
  const alerts = new AlertService(db.orm, bus);

  // The live picture: positions, couriers' routes, ETAs, detection and its alerts.
  const fleet = new FleetState();
  const roster = new CourierRoster();
  const rosterSync = new RosterSync(
    roster,
    {
      profiles: (ids) => loadCourierProfiles(db, ids),
      openRoutes: (ids) => stopStore.openRoutes(ids),
    },
    bus,
    log,
  );
  const eta = new EtaService({
    roster,
    store: stopStore,
    models: new ModelStateStore(db),
    bus,
    log,
    roads: options.roads ?? null,
  });
  const lifecycle = new AlertLifecycle(
    alerts,
    (err, signal) =>
      log.error({ err, kind: signal.kind, subject: signal.subject }, 'storing an alert failed'),
    config.ALERT_REFRESH_S * 1000,
  );
  const detection = new DetectionService({
    config: detectionConfig(
      detectionOverrides({
        rules: config.DETECTION_RULES,
        stallAfterS: config.STALL_AFTER_S,
        offlineAfterS: config.OFFLINE_AFTER_S,
      }),
    ),
    tickMs: config.DETECT_TICK_MS,
    roster,
    arrivals: eta,
    alerts: lifecycle,
    history: {
      hubTargets: async () =>
        (await hubs.list()).map((h) => ({ id: h.id, target: h.onTimeTarget })),
      recentFixes: (sinceMs) => recentFixes(db, sinceMs),
      completionsSince: (sinceMs) => stopStore.completionsSince(sinceMs),
      openAlerts: () => alerts.list({ status: 'open', limit: 1_000_000 }),
    },
    bus,
    log,
  });
  const failedAttempts = new FailedAttemptAlerts({
    lifecycle,
    alerts,
    failedStop: (stopId) => stopStore.failedStop(stopId),
    bus,
    log,
  });
  const escalation = new AlertEscalation(alerts, config.ESCALATE_AFTER_S * 1000, log);

  // Ingest: durable fixes move the fleet, feed detection and teach the speeds.
  const pingsCommitted = (rows: readonly PingRow[]) => {
    IngestService.applyCommitted(fleet, rows);
    detection.onCommitted(rows);
    eta.observe(rows);
  };
  const writer = createPingWriter(
    db,
    {
      concurrency: config.COMMIT_CONCURRENCY,
      flushIntervalMs: config.COMMIT_INTERVAL_MS,
      maxBatchRows: config.COMMIT_MAX_ROWS,
      maxBufferedRows: config.INGEST_BUFFER_MAX_ROWS,
    },
    metrics,
    log,
    pingsCommitted,
  );
  const ingest = new IngestService(db, writer, metrics, {
    ackTimeoutMs: config.ACK_TIMEOUT_MS,
    dedupeWindow: config.DEDUPE_WINDOW,
  });

  // Dispatch: moves, suggestions, re-sequencing and planning.
  const reassign = new ReassignService(db.orm, bus);
  const suggestions = new SuggestionService(db.orm, bus, reassign);
  const triggers = new SuggestionTriggers({
    db,
    bus,
    fleet,
    roster,
    engine: proposalEngine(config.DISPATCH_THREAD, eta),
    detection,
    storedStop: (stopId) => stopStore.stop(stopId),
    suggestions,
    log,
    detectTickMs: config.DETECT_TICK_MS,
    metrics,
  });
  const resequence = new ResequenceService(roster, fleet, eta.provider, reassign);
  const planner = new PlanService(db, rosterSync, fleet, eta.provider, reassign);
  const kpi = new KpiService(db);

  // Restore the live state, then start the loops.
  restoreFleet(fleet, await couriers.list(), Date.now(), config.OFFLINE_AFTER_S * 1000);
  await rosterSync.start();
  await eta.start();
  await lifecycle.load();
  await failedAttempts.start();
  await detection.start();
  escalation.start();
  if (config.SUGGESTIONS === 'on') triggers.start();
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    if (await auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD))
      log.info({ email: config.ADMIN_EMAIL }, 'admin user created');
  }

  // Transports: each capability's plugin gets only what it uses.
  const io = new Server(http.server, {
    // Room for an oversized message to arrive and be refused with a typed error, not a dropped link.
    maxHttpBufferSize: 2 * 1024 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: false },
  });
  const consoles = new ConsoleGateway(io, {
    sessions: auth,
    fleet,
    metrics,
    tickMs: config.CONSOLE_TICK_MS,
    log,
  });
  const devices = new CourierGateway(io, { devices: couriers, metrics, log });
  const guard = createGuard(auth);
  await http.register(opsPlugin, { db, metrics });
  await http.register(authPlugin, { auth, guard, cookieSecure: config.COOKIE_SECURE });
  await http.register(hubsPlugin, { hubs, guard });
  await http.register(couriersPlugin, { couriers, hubs, fleet, guard, devices, bus });
  await http.register(stopsPlugin, { stops, guard, devices, consoles, bus });
  await http.register(ingestPlugin, { ingest, devices: couriers, metrics, gateway: devices });
  await http.register(alertsPlugin, { alerts, guard, consoles, bus });
  await http.register(dispatchPlugin, { suggestions, reassign, resequence, guard, consoles, bus });
  await http.register(planningPlugin, { planner, guard });
  await http.register(kpiPlugin, { kpi, guard, consoles });
  await http.register(mapPlugin, {
    guard,
    hubs,
    trail: (courierId, minutes) => courierTrail(db, courierId, minutes),
    streets: options.streets ?? null,
    mapStyleUrl: config.MAP_STYLE_URL ?? null,
    tickMs: config.CONSOLE_TICK_MS,
  });
  const osmand = buildOsmAndServer({ ingest, devices: couriers, metrics }, log);

  const stopMaintenance = startMaintenance({
    db,
    sessions: auth,
    fleet,
    offlineAfterMs: config.OFFLINE_AFTER_S * 1000,
    log,
  });

  let closed = false;
  const app: App = {
    http,
    osmand,
    io,
    config,
    db,
    metrics,
    bus,
    guard,
    auth,
    hubs,
    couriers,
    stops,
    alerts,
    fleet,
    roster,
    eta,
    detection,
    writer,
    ingest,
    reassign,
    suggestions,
    triggers,
    resequence,
    planner,
    kpi,
    pingsCommitted,
    async listen() {
      await http.listen({ port: config.PORT, host: config.HOST });
      await osmand.listen({ port: config.OSMAND_PORT, host: config.HOST });
      const port = (http.server.address() as { port: number }).port;
      const osmandPort = (osmand.server.address() as { port: number }).port;
      return { port, osmandPort };
    },
    async close() {
      if (closed) return;
      closed = true;
      stopMaintenance();
      consoles.stop();
      escalation.stop();
      await osmand.close();
      // Refuse new batches, then write what devices are waiting on before the sockets go.
      await writer.close();
      await triggers.stop();
      await planner.close();
      await detection.stop();
      failedAttempts.stop();
      rosterSync.stop();
      await eta.stop();
      await io.close();
      await http.close();
      await db.close();
    },
  };
  if (options.extend) await options.extend(http, app);
  await http.register(consoleWebPlugin, { webDir: config.WEB_DIR });
  return app;
}

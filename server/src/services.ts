import { AlertService } from './alerts/alert-service';
import { AuthService } from './auth/auth-service';
import type { Config } from './config';
import { CourierService } from './couriers/courier-service';
import { openDatabase, type Database } from './db/client';
import { ReassignService } from './dispatch/reassign-service';
import { SuggestionService } from './dispatch/suggestion-service';
import { PlanService } from './dispatch/plan-service';
import { ResequenceService } from './dispatch/resequence-service';
import { SuggestionTriggers } from './dispatch/suggestion-triggers';
import { DomainBus } from './events/bus';
import { ensurePingPartitions, migrate } from './db/migrate';
import { FleetState } from './fleet/fleet-state';
import { HubService } from './hubs/hub-service';
import { KpiService } from './kpi/kpi-service';
import { IngestService } from './ingest/ingest-service';
import { PingWriterPool, type PingSink } from './ingest/ping-writer-pool';
import { MonitorService } from './monitor/monitor-service';
import { createMetrics, type Metrics } from './ops/metrics';
import { StopService } from './stops/stop-service';
import type { StreetNetwork } from './streets/network';

/** Everything the transports (REST, sockets, OsmAnd) call into. */
export interface Services {
  config: Config;
  db: Database;
  metrics: Metrics;
  fleet: FleetState;
  writer: PingSink;
  ingest: IngestService;
  auth: AuthService;
  couriers: CourierService;
  stops: StopService;
  hubs: HubService;
  alerts: AlertService;
  reassign: ReassignService;
  suggestions: SuggestionService;
  kpi: KpiService;
  monitor: MonitorService;
  triggers: SuggestionTriggers;
  resequence: ResequenceService;
  planner: PlanService;
  bus: DomainBus;
}

export interface ServiceOptions {
  /** A real road network (`--osm`): ETAs follow its streets. */
  roads?: StreetNetwork | null;
}

/** Opens and migrates the database, then builds the services and rebuilds the live state. */
export async function createServices(
  config: Config,
  log: { info: (o: object, msg: string) => void; error: (o: object, msg: string) => void },
  options: ServiceOptions = {},
): Promise<Services> {
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  await migrate(db);
  await ensurePingPartitions(db);
  const metrics = createMetrics();
  const fleet = new FleetState();
  const bus = new DomainBus();
  const alerts = new AlertService(db.orm, bus);
  const monitor = new MonitorService({
    config,
    db,
    alerts,
    bus,
    log,
    roads: options.roads ?? null,
  });
  // PGlite has one connection: parallel commits would only queue behind each other.
  const shards = db.kind === 'pglite' ? 1 : config.COMMIT_CONCURRENCY;
  const writer = new PingWriterPool(db, shards, {
    flushIntervalMs: config.COMMIT_INTERVAL_MS,
    maxBatchRows: config.COMMIT_MAX_ROWS,
    maxBufferedRows: config.INGEST_BUFFER_MAX_ROWS,
    onCommitted: (rows, durationMs) => {
      metrics.pingsStored.inc(rows.length);
      metrics.commitBatchRows.observe(rows.length);
      metrics.commitSeconds.observe(durationMs / 1000);
      IngestService.applyCommitted(fleet, rows);
      monitor.onCommitted(rows);
    },
    onCommitError: (error, attempt) => {
      metrics.commitErrors.inc();
      log.error({ err: error, attempt }, 'ping commit failed; retrying');
    },
  });
  metrics.sources.bufferRows = () => writer.bufferedRows;
  const reassign = new ReassignService(db.orm, bus);
  const suggestions = new SuggestionService(db.orm, bus, reassign);
  const triggers = new SuggestionTriggers({
    db,
    bus,
    fleet,
    monitor,
    suggestions,
    log,
    detectTickMs: config.DETECT_TICK_MS,
  });
  const services: Services = {
    bus,
    config,
    db,
    metrics,
    fleet,
    writer,
    ingest: new IngestService(db, writer, metrics, {
      ackTimeoutMs: config.ACK_TIMEOUT_MS,
      dedupeWindow: config.DEDUPE_WINDOW,
    }),
    auth: new AuthService(db.orm, config.SESSION_TTL_HOURS * 3600_000),
    couriers: new CourierService(db.orm, bus),
    stops: new StopService(db.orm, bus),
    hubs: new HubService(db.orm, bus),
    alerts,
    monitor,
    reassign,
    suggestions,
    triggers,
    resequence: new ResequenceService(monitor, fleet, reassign),
    planner: new PlanService(db, monitor, fleet, reassign),
    kpi: new KpiService(db),
  };
  await rebuildFleet(services);
  await monitor.start();
  triggers.start();
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const created = await services.auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    if (created) log.info({ email: config.ADMIN_EMAIL }, 'admin user created');
  }
  return services;
}

/** Loads every courier and its last stored fix into the live fleet state. */
export async function rebuildFleet(services: Services): Promise<void> {
  const now = Date.now();
  const offlineMs = services.config.OFFLINE_AFTER_S * 1000;
  for (const c of await services.couriers.list()) {
    if (!c.active) continue;
    const live = services.fleet.upsertCourier(c.id, c.hubId, 'offline');
    if (c.lastFixAt && c.lastLat !== null && c.lastLng !== null) {
      services.fleet.applyFix(
        c.id,
        {
          t: c.lastFixAt.getTime(),
          lat: c.lastLat,
          lng: c.lastLng,
          speedMps: c.lastSpeedMps,
          heading: c.lastHeading,
          accuracyMeters: c.lastAccuracyMeters,
          battery: c.lastBattery,
        },
        c.lastPingAt?.getTime() ?? c.lastFixAt.getTime(),
      );
      live.status =
        now - (live.lastPingAt ?? 0) > offlineMs
          ? 'offline'
          : c.status === 'offline'
            ? 'idle'
            : c.status;
    }
  }
  services.fleet.takeDirty();
}

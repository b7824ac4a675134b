import type { FastifyInstance } from 'fastify';
import type { DispatchServices } from './app-dispatch';
import { alertsPlugin } from './alerts/plugin';
import type { AlertService } from './alerts/alert-service';
import { AttemptReports } from './attempts/attempt-report';
import { attemptsPlugin } from './attempts/plugin';
import { AttemptPolicyStore } from './attempts/policy-store';
import { ReturnCheckIn } from './attempts/return-check-in';
import { AuditReads } from './audit/audit-reads';
import { auditPlugin } from './audit/plugin';
import type { AuthService } from './auth/auth-service';
import type { BlobStore } from './blobs/blob-store';
import type { Guard } from './auth/guard';
import { authPlugin } from './auth/plugin';
import { sessionCookieSecure } from './auth/session-cookie';
import type { Config } from './config';
import type { CourierService } from './couriers/courier-service';
import { couriersPlugin } from './couriers/plugin';
import { osmandEndpoint } from './couriers/osmand-secret-routes';
import type { Database } from './db/client';
import { PlanPreviews } from './dispatch/plan-previews';
import { planningPlugin } from './dispatch/planning-plugin';
import { dispatchPlugin } from './dispatch/plugin';
import type { EtaService } from './eta/eta-service';
import { RoadGraphProvider } from './eta/road-graph-provider';
import type { DomainBus } from './events/bus';
import { createSecurityLog } from './events/event-log';
import type { FleetState } from './fleet/fleet-state';
import type { HubService } from './hubs/hub-service';
import { hubsPlugin } from './hubs/plugin';
import type { CourierGateway } from './ingest/courier-gateway';
import type { IngestService } from './ingest/ingest-service';
import { courierTrail } from './ingest/ping-reads';
import { ingestPlugin } from './ingest/plugin';
import type { KpiService } from './kpi/kpi-service';
import { kpiPlugin } from './kpi/plugin';
import { openGlyphFolder } from './map/glyph-folder';
import { mapPlugin } from './map/plugin';
import { RoutePaths } from './map/route-paths';
import { streetPathFinder } from './map/street-path-finder';
import type { Metrics } from './ops/metrics';
import { apiDocsPlugin } from './ops/api-docs';
import { opsPlugin } from './ops/plugin';
import type { Cluster } from './cluster/cluster';
import { proofPlugin } from './proof/plugin';
import { PairingService } from './pairing/pairing-service';
import { pairingPlugin } from './pairing/plugin';
import type { ConsoleGateway } from './realtime/console-gateway';
import { replayPlugin } from './replay/plugin';
import { ReplayReads } from './replay/replay-reads';
import { ReplayService } from './replay/replay-service';
import { reportsPlugin } from './reports/plugin';
import { ReportService } from './reports/report-service';
import { ReportStore } from './reports/report-store';
import type { DeviceActions } from './stops/device-actions';
import { stopsPlugin } from './stops/plugin';
import { StopEditor } from './stops/stop-editor';
import type { StopService } from './stops/stop-service';
import { VisitRecorder } from './stops/visit-recorder';
import type { StreetNetwork } from './streets/network';

/** The built services and transports the capabilities' plugins are given parts of. */
export interface PluginDeps {
  config: Pick<
    Config,
    | 'COOKIE_SECURE'
    | 'HOST'
    | 'TRUST_PROXY'
    | 'MAP_STYLE_URL'
    | 'MAP_GLYPHS_DIR'
    | 'CONSOLE_TICK_MS'
    | 'PUBLIC_URL'
    | 'OSMAND_PORT'
    | 'METRICS_TOKEN'
    | 'METRICS_PORT'
    | 'DOCS_PUBLIC'
  >;
  db: Database;
  /** This node among the others (alone without REDIS_URL). */
  cluster: Cluster;
  /** Where photos and signatures of deliveries are kept. */
  blobs: BlobStore;
  /** Device actions applied once per idempotency key. */
  deviceActions: DeviceActions;
  metrics: Metrics;
  bus: DomainBus;
  guard: Guard;
  /** Pushes to dispatcher consoles. */
  consoles: ConsoleGateway;
  /** Pushes to couriers' devices. */
  devices: CourierGateway;
  auth: AuthService;
  hubs: HubService;
  couriers: CourierService;
  stops: StopService;
  alerts: AlertService;
  kpi: KpiService;
  ingest: IngestService;
  fleet: FleetState;
  eta: Pick<EtaService, 'provider'>;
  dispatch: DispatchServices;
  /** The street network drawn on the console's offline map. */
  streets: StreetNetwork | null;
  /** A real road network: the map draws routes along its streets. */
  roads: StreetNetwork | null;
}

/** Registers each capability's Fastify plugin, in a fixed order, with only what that plugin uses. */
export async function registerPlugins(http: FastifyInstance, deps: PluginDeps): Promise<void> {
  const { config, db, metrics, bus, guard, consoles, devices, hubs, couriers, fleet } = deps;
  const { suggestions, reassign, resequence, movePreview, planner } = deps.dispatch;
  await http.register(opsPlugin, {
    db,
    metrics,
    cluster: deps.cluster,
    // A separate metrics listener takes /metrics off the main port.
    metricsAccess:
      config.METRICS_PORT === undefined
        ? { token: config.METRICS_TOKEN ?? null, loopbackOnly: true }
        : null,
  });
  await http.register(apiDocsPlugin, { public: config.DOCS_PUBLIC, signedIn: guard.console });
  await http.register(authPlugin, {
    auth: deps.auth,
    orm: db.orm,
    bus,
    security: createSecurityLog(db.orm, http.log),
    guard,
    cookieSecure: sessionCookieSecure(config.COOKIE_SECURE, config.HOST),
  });
  await http.register(hubsPlugin, { hubs, guard });
  await http.register(couriersPlugin, {
    couriers,
    hubs,
    fleet,
    guard,
    devices,
    bus,
    osmand: {
      url: osmandEndpoint(config.PUBLIC_URL, config.OSMAND_PORT),
      port: config.OSMAND_PORT,
    },
  });
  await http.register(pairingPlugin, {
    pairing: new PairingService(db.orm, couriers),
    guard,
    devices: couriers,
    fleet,
    publicUrl: config.PUBLIC_URL ?? null,
  });
  await http.register(stopsPlugin, {
    stops: deps.stops,
    visits: new VisitRecorder(db.orm, bus, deps.deviceActions),
    editor: new StopEditor(db.orm, bus),
    guard,
    devices,
    consoles,
    bus,
    fleet,
  });
  await http.register(proofPlugin, { orm: db.orm, blobs: deps.blobs, guard, devices: couriers });
  await http.register(attemptsPlugin, {
    policies: new AttemptPolicyStore(db.orm),
    checkIn: new ReturnCheckIn(db.orm, bus),
    reports: new AttemptReports(db),
    guard,
    devices,
  });
  await http.register(ingestPlugin, {
    ingest: deps.ingest,
    devices: couriers,
    metrics,
    gateway: devices,
  });
  await http.register(alertsPlugin, { alerts: deps.alerts, guard, consoles, bus });
  await http.register(dispatchPlugin, {
    suggestions,
    reassign,
    resequence,
    movePreview,
    guard,
    consoles,
    bus,
  });
  await http.register(planningPlugin, { planner, previews: new PlanPreviews(planner, db), guard });
  await http.register(kpiPlugin, { kpi: deps.kpi, guard, consoles });
  await http.register(reportsPlugin, { reports: new ReportService(new ReportStore(db)), guard });
  await http.register(replayPlugin, { replay: new ReplayService(new ReplayReads(db)), guard });
  await http.register(auditPlugin, { reads: new AuditReads(db), guard });
  const { roads } = deps;
  const { provider } = deps.eta;
  await http.register(mapPlugin, {
    guard,
    devices: couriers,
    couriers,
    hubs,
    trail: (courierId, minutes) => courierTrail(db, courierId, minutes),
    streets: deps.streets,
    mapStyleUrl: config.MAP_STYLE_URL ?? null,
    routePaths: new RoutePaths({
      route: (courierId) => deps.stops.route(courierId),
      position: (courierId) => fleet.get(courierId)?.fix ?? null,
      // The road-graph ETAs' contraction hierarchy answers these paths too.
      findPath: roads
        ? streetPathFinder(roads, provider instanceof RoadGraphProvider ? provider.hierarchy : null)
        : null,
    }),
    glyphs: config.MAP_GLYPHS_DIR ? await openGlyphFolder(config.MAP_GLYPHS_DIR) : null,
    tickMs: config.CONSOLE_TICK_MS,
  });
}

import { Server } from 'socket.io';
import { PING_LIMITS } from '@dispatch/shared';
import { buildCustomerSide, registerCustomerPlugins } from './app-customers';
import { buildDispatch } from './app-dispatch';
import { buildLivePicture } from './app-live';
import { registerPlugins, type PluginDeps } from './app-plugins';
import { AlertService } from './alerts/alert-service';
import { CustomerReturns } from './attempts/customer-returns';
import { ReattemptService } from './attempts/reattempt-service';
import { AuthService } from './auth/auth-service';
import { createGuard } from './auth/guard';
import { isCommonPassword, passwordRuleBroken } from './auth/password-policy';
import { createBlobStore } from './blobs/create-blob-store';
import type { Config } from './config';
import { CourierService } from './couriers/courier-service';
import { openDatabase } from './db/client';
import { ensurePingPartitions, migrate } from './db/migrate';

import { DomainBus } from './events/bus';
import { createSecurityLog } from './events/event-log';

import { restoreFleet } from './fleet/fleet-restore';

import { consoleWebPlugin } from './http/console-web';
import { consoleScriptHashes } from './http/console-scripts';
import { parseTrustProxy } from './http/client-address';
import { createHttpServer } from './http/http-server';
import { mapOrigins, registerSecurityHeaders } from './http/security-headers';
import { HubService } from './hubs/hub-service';
import { CourierGateway } from './ingest/courier-gateway';

import { buildOsmAndServer } from './ingest/osmand-server';

import { KpiService } from './kpi/kpi-service';
import { pruneOutbox } from './notifications/outbox-retention';
import { startMaintenance } from './ops/maintenance';
import { buildMetricsListener } from './ops/metrics-listener';
import { openCluster } from './cluster/cluster';
import { buildIngest } from './app-ingest';
import { shutDown } from './app-shutdown';
import { IdempotencyKeys } from './orders/idempotency-keys';
import { createMetrics } from './ops/metrics';
import { ConsoleGateway } from './realtime/console-gateway';
import { DeviceActions } from './stops/device-actions';
import { StopService } from './stops/stop-service';
import { StopStore } from './stops/stop-store';

import type { App, AppOptions } from './app-types';

export type { App, AppOptions } from './app-types';

const HOUR_MS = 3_600_000;

/** The largest Socket.IO frame a connection may send. */
export const MAX_SOCKET_FRAME_BYTES = 2 * PING_LIMITS.maxBatchBytes;

/**
 * The composition root, the one place that knows every part: opens the database, builds the
 * services with only what each uses (the live picture in `app-live.ts`, dispatch in
 * `app-dispatch.ts`), restores the live state, then registers each capability's plugin with only
 * what it uses (`app-plugins.ts`).
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const http = await createHttpServer(
    { level: config.LOG_LEVEL, format: config.LOG_FORMAT },
    { trustProxy: parseTrustProxy(config.TRUST_PROXY) },
  );
  await registerSecurityHeaders(http, {
    scriptHashes: consoleScriptHashes(config.WEB_DIR),
    mapOrigins: mapOrigins(config.MAP_STYLE_URL, config.MAP_TILE_ORIGINS),
    publicUrl: config.PUBLIC_URL ?? null,
  });
  const log = http.log;
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  await migrate(db);
  await ensurePingPartitions(db);
  const cluster = await openCluster(config, db, log).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const metrics = createMetrics();
  if (cluster.clustered) metrics.registry.setDefaultLabels({ node: cluster.node });
  const bus = new DomainBus();
  // Security events (refused requests, sign-in failures): one log for every part that records them.
  const securityLog = createSecurityLog(db.orm, log);

  // Records.
  const auth = new AuthService(db.orm, config.SESSION_TTL_HOURS * HOUR_MS, bus);
  const hubs = new HubService(db.orm, bus);
  const couriers = new CourierService(db.orm, bus, securityLog);
  const stops = new StopService(db.orm, bus);
  const deviceActions = new DeviceActions(db.orm);
  const blobs = await createBlobStore(config);
  const stopStore = new StopStore(db);
  const alerts = new AlertService(db.orm, bus);
  // Failed attempts: each hub's re-attempt policy, and customer returns reaching the hub.
  const followUps = {
    orm: db.orm,
    db,
    bus,
    log,
    ownership: cluster.ownership,
    fence: cluster.fence,
  };
  const reattempts = new ReattemptService(followUps);
  const customerReturns = new CustomerReturns(followUps);

  // The live picture: positions, couriers' routes, ETAs, detection and its alerts.
  const { fleet, roster, rosterSync, eta, lifecycle, detection, failedAttempts, escalation } =
    buildLivePicture({
      config,
      db,
      bus,
      log,
      hubs,
      alerts,
      stopStore,
      roads: options.roads ?? null,
      ownership: cluster.ownership,
      fence: cluster.fence,
    });

  const { writer, ingest, pingsCommitted } = buildIngest({
    config,
    db,
    metrics,
    log,
    bus,
    cluster,
    fleet,
    detection,
    eta,
  });

  // Dispatch: moves, suggestions, re-sequencing and planning.
  const dispatch = buildDispatch({
    alerts,
    config,
    db,
    bus,
    log,
    metrics,
    fleet,
    roster,
    rosterSync,
    eta,
    detection,
    stopStore,
    ownership: cluster.ownership,
    fence: cluster.fence,
  });
  const { reassign, suggestions, triggers, resequence, planner } = dispatch;
  const kpi = new KpiService(db);
  const customers = await buildCustomerSide({ config, db, bus, log });

  // Restore the live state, then start the loops.
  restoreFleet(fleet, await couriers.list(), Date.now(), config.OFFLINE_AFTER_S * 1000);
  await rosterSync.start();
  await eta.start();
  await lifecycle.load();
  await failedAttempts.start();
  if (config.REATTEMPT_POLICIES === 'on') await reattempts.start();
  await customerReturns.start();
  await detection.start();
  escalation.start();
  if (config.SUGGESTIONS === 'on') triggers.start();
  await customers.start();
  cluster.startLeases();
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    if (await auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD)) {
      log.info({ email: config.ADMIN_EMAIL }, 'admin user created');
      const weak = passwordRuleBroken(config.ADMIN_PASSWORD, config.ADMIN_EMAIL, isCommonPassword);
      if (weak) log.warn({ rule: weak }, 'ADMIN_PASSWORD breaks the password policy: change it');
    }
  }

  // Transports: each capability's plugin gets only what it uses.
  const io = new Server(http.server, {
    // The largest legitimate message is a ping batch (photos go over HTTP): one up to twice its
    // limit is refused with a typed error, a bigger frame closes that connection unread.
    maxHttpBufferSize: MAX_SOCKET_FRAME_BYTES,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: false },
  });
  cluster.attachSockets(io);
  const consoles = new ConsoleGateway(io, {
    sessions: auth,
    fleet,
    bus,
    metrics,
    tickMs: config.CONSOLE_TICK_MS,
    node: cluster.clustered ? cluster.node : null,
    log,
  });
  const devices = new CourierGateway(io, {
    devices: couriers,
    metrics,
    log,
    claims: cluster.deviceClaims,
    node: cluster.node,
  });
  // A device may have sent through another node since it was last here: reload its window.
  if (cluster.clustered) devices.onConnection((s) => ingest.forgetDevice(s.data.courierId));
  const guard = createGuard(auth, securityLog);
  const pluginDeps: PluginDeps = {
    config,
    db,
    cluster,
    blobs,
    deviceActions,
    metrics,
    bus,
    guard,
    consoles,
    devices,
    auth,
    hubs,
    couriers,
    stops,
    alerts,
    kpi,
    ingest,
    fleet,
    eta,
    dispatch,
    streets: options.streets ?? null,
    roads: options.roads ?? null,
  };
  await registerPlugins(http, pluginDeps);
  await registerCustomerPlugins(http, io, { ...pluginDeps, customers });
  const osmand = buildOsmAndServer(
    { ingest, devices: couriers.osmand, metrics, security: securityLog },
    log,
  );
  const metricsListener =
    config.METRICS_PORT === undefined
      ? null
      : await buildMetricsListener({ metrics, token: config.METRICS_TOKEN ?? null, log });

  const stopMaintenance = startMaintenance({
    db,
    sessions: auth,
    deviceActions,
    idempotencyKeys: new IdempotencyKeys(db.orm),
    outbox: { pruneExpired: () => pruneOutbox(db, Date.now()) },
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
    reattempts,
    customerReturns,
    customers,
    pingsCommitted,
    async listen() {
      await http.listen({ port: config.PORT, host: config.HOST });
      await osmand.listen({ port: config.OSMAND_PORT, host: config.HOST });
      const port = (http.server.address() as { port: number }).port;
      customers.setListeningPort(port);
      const osmandPort = (osmand.server.address() as { port: number }).port;
      if (!metricsListener) return { port, osmandPort };
      await metricsListener.listen({ port: config.METRICS_PORT, host: config.METRICS_HOST });
      const metricsPort = (metricsListener.server.address() as { port: number }).port;
      return { port, osmandPort, metricsPort };
    },
    async close() {
      if (closed) return;
      closed = true;
      await shutDown({
        devices,
        ingest,
        cluster,
        stopMaintenance,
        consoles,
        escalation,
        customers,
        osmand,
        metricsListener,
        writer,
        triggers,
        planner,
        detection,
        failedAttempts,
        reattempts,
        customerReturns,
        rosterSync,
        eta,
        io,
        http,
        db,
      });
    },
  };
  if (options.extend) await options.extend(http, app);
  await http.register(consoleWebPlugin, { webDir: config.WEB_DIR });
  return app;
}

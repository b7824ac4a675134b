import { followCourierChanges } from './fleet/fleet-follow';
import type { Fence } from './cluster/fence';
import type { HubOwnership } from './cluster/hub-ownership';
import type { FastifyBaseLogger } from 'fastify';
import { AlertEscalation } from './alerts/alert-escalation';
import { AlertLifecycle } from './alerts/alert-lifecycle';
import type { AlertService } from './alerts/alert-service';
import { FailedAttemptAlerts } from './alerts/failed-attempt-alerts';
import type { Config } from './config';
import { loadCourierProfiles } from './couriers/courier-profiles';
import type { Database } from './db/client';
import { ModelStateStore } from './db/model-state';
import { detectionConfig } from './detect/config';
import { DetectionService } from './detect/detection-service';
import { detectionOverrides } from './detect/detection-rules';
import { EtaService } from './eta/eta-service';
import { fencedEtaStore } from './stops/fenced-eta-store';
import type { DomainBus } from './events/bus';
import { CourierRoster } from './fleet/courier-roster';
import { FleetState } from './fleet/fleet-state';
import { RosterSync } from './fleet/roster-sync';
import type { HubService } from './hubs/hub-service';
import { recentFixes } from './ingest/ping-reads';
import type { StopStore } from './stops/stop-store';
import type { StreetNetwork } from './streets/network';

/** The live picture: positions, couriers' routes, ETAs, detection and the alerts it raises. */
export interface LivePicture {
  fleet: FleetState;
  roster: CourierRoster;
  rosterSync: RosterSync;
  eta: EtaService;
  lifecycle: AlertLifecycle;
  detection: DetectionService;
  failedAttempts: FailedAttemptAlerts;
  escalation: AlertEscalation;
}

/** What the live picture is built from. */
export interface LivePictureDeps {
  config: Pick<
    Config,
    | 'ALERT_REFRESH_S'
    | 'DETECTION_RULES'
    | 'STALL_AFTER_S'
    | 'OFFLINE_AFTER_S'
    | 'DETECT_TICK_MS'
    | 'ESCALATE_AFTER_S'
  >;
  db: Database;
  bus: DomainBus;
  log: FastifyBaseLogger;
  hubs: Pick<HubService, 'list'>;
  alerts: AlertService;
  stopStore: StopStore;
  /** A real road network: ETAs follow its streets instead of straight lines. */
  roads: StreetNetwork | null;
  /** Which hubs this node runs detection, ETA refreshes and the alert lifecycle of. */
  ownership: HubOwnership;
  /** What writes of owner-only state (alerts, stored ETAs) check. */
  fence: Fence;
}

/**
 * Builds the live picture's services, each with only what it uses. Nothing starts: the
 * composition root restores the state and starts the loops in order.
 */
export function buildLivePicture(deps: LivePictureDeps): LivePicture {
  const { config, db, bus, log, hubs, alerts, stopStore } = deps;
  const fleet = new FleetState();
  followCourierChanges(fleet, bus);
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
    store: fencedEtaStore(db, deps.fence, stopStore),
    models: new ModelStateStore(db),
    fixesSince: (sinceMs) => recentFixes(db, sinceMs),
    bus,
    log,
    ownership: deps.ownership,
    roads: deps.roads,
  });
  const alertOwnership = { ownership: deps.ownership, fence: deps.fence, log };
  const lifecycle = new AlertLifecycle(
    alerts,
    (err, signal) =>
      log.error({ err, kind: signal.kind, subject: signal.subject }, 'storing an alert failed'),
    config.ALERT_REFRESH_S * 1000,
    Date.now,
    alertOwnership,
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
      recentFixes: (sinceMs, scope) => recentFixes(db, sinceMs, scope?.courierIds),
      completionsSince: (sinceMs, scope) => stopStore.completionsSince(sinceMs, scope?.hubIds),
      openAlerts: (scope) => alerts.list({ status: 'open', of: scope, limit: 1_000_000 }),
    },
    ownership: deps.ownership,
    bus,
    log,
  });
  const failedAttempts = new FailedAttemptAlerts({
    lifecycle,
    alerts,
    failedStop: (stopId) => stopStore.failedStop(stopId),
    bus,
    log,
    ownership: deps.ownership,
  });
  const escalation = new AlertEscalation(
    alerts,
    config.ESCALATE_AFTER_S * 1000,
    log,
    alertOwnership,
  );
  return { fleet, roster, rosterSync, eta, lifecycle, detection, failedAttempts, escalation };
}

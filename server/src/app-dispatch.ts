import type { AlertService } from './alerts/alert-service';
import type { Fence } from './cluster/fence';
import type { HubOwnership } from './cluster/hub-ownership';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Database } from './db/client';
import type { DetectionService } from './detect/detection-service';
import { MovePreviewService } from './dispatch/move-preview-service';
import { PlanService } from './dispatch/plan-service';
import { LiveFleetModel, proposalEngine } from './dispatch/proposals';
import { ReassignService } from './dispatch/reassign-service';
import { ResequenceService } from './dispatch/resequence-service';
import { SuggestionService } from './dispatch/suggestion-service';
import { SuggestionTriggers } from './dispatch/suggestion-triggers';
import type { EtaService } from './eta/eta-service';
import type { DomainBus } from './events/bus';
import type { CourierRoster } from './fleet/courier-roster';
import type { FleetState } from './fleet/fleet-state';
import type { RosterSync } from './fleet/roster-sync';
import type { Metrics } from './ops/metrics';
import type { StopStore } from './stops/stop-store';

/** Changing who drives what: moves, suggestions, re-sequencing, move previews and planning. */
export interface DispatchServices {
  reassign: ReassignService;
  suggestions: SuggestionService;
  triggers: SuggestionTriggers;
  resequence: ResequenceService;
  movePreview: MovePreviewService;
  planner: PlanService;
}

/** What the dispatch services are built from. */
export interface DispatchDeps {
  config: Pick<Config, 'DISPATCH_THREAD' | 'DETECT_TICK_MS'>;
  db: Database;
  bus: DomainBus;
  log: FastifyBaseLogger;
  metrics: Metrics;
  fleet: FleetState;
  roster: CourierRoster;
  /** Reads the couriers a plan asks for again before planning them. */
  rosterSync: RosterSync;
  eta: EtaService;
  /** Proposals wait on detection's pace. */
  detection: DetectionService;
  stopStore: StopStore;
  alerts: Pick<AlertService, 'list'>;
  /** Which hubs this node makes suggestions for. */
  ownership: HubOwnership;
  /** What writes of suggestions check. */
  fence: Fence;
}

/**
 * Builds the dispatch services, each with only what it uses. Nothing starts: the composition
 * root starts the suggestion triggers when suggestions are on.
 */
export function buildDispatch(deps: DispatchDeps): DispatchServices {
  const { config, db, bus, fleet, roster, eta, stopStore } = deps;
  const reassign = new ReassignService(db.orm, bus);
  const suggestions = new SuggestionService(db.orm, bus, reassign);
  const triggers = new SuggestionTriggers({
    db,
    bus,
    fleet,
    roster,
    engine: proposalEngine(config.DISPATCH_THREAD, eta),
    detection: deps.detection,
    storedStop: (stopId) => stopStore.stop(stopId),
    orderStops: (of) => stopStore.orderStops(of),
    alerts: (ids) => deps.alerts.list({ status: 'open', ids, limit: ids.length }),
    suggestions,
    ownership: deps.ownership,
    fence: deps.fence,
    log: deps.log,
    detectTickMs: config.DETECT_TICK_MS,
    metrics: deps.metrics,
  });
  const resequence = new ResequenceService(roster, fleet, eta.provider, reassign);
  const movePreview = new MovePreviewService({
    model: new LiveFleetModel({
      db,
      fleet,
      couriers: () => roster.all(),
      isAvailable: (id) => triggers.isAvailable(id),
    }),
    roster,
    storedStop: (stopId) => stopStore.stop(stopId),
    provider: eta.provider,
  });
  const planner = new PlanService(db, deps.rosterSync, fleet, eta.provider, reassign);
  return { reassign, suggestions, triggers, resequence, movePreview, planner };
}

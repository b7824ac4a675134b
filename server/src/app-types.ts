import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import type { CustomerSide } from './app-customers';
import type { AlertService } from './alerts/alert-service';
import type { CustomerReturns } from './attempts/customer-returns';
import type { ReattemptService } from './attempts/reattempt-service';
import type { AuthService } from './auth/auth-service';
import type { Guard } from './auth/guard';
import type { Config } from './config';
import type { CourierService } from './couriers/courier-service';
import type { Database } from './db/client';
import type { DetectionService } from './detect/detection-service';
import type { PlanService } from './dispatch/plan-service';
import type { ReassignService } from './dispatch/reassign-service';
import type { ResequenceService } from './dispatch/resequence-service';
import type { SuggestionService } from './dispatch/suggestion-service';
import type { SuggestionTriggers } from './dispatch/suggestion-triggers';
import type { EtaService } from './eta/eta-service';
import type { DomainBus } from './events/bus';
import type { CourierRoster } from './fleet/courier-roster';
import type { FleetState } from './fleet/fleet-state';
import type { HubService } from './hubs/hub-service';
import type { IngestService } from './ingest/ingest-service';
import type { PingRow } from './ingest/ping-rows';
import type { PingSink } from './ingest/ping-writer-pool';
import type { KpiService } from './kpi/kpi-service';
import type { Metrics } from './ops/metrics';
import type { StopService } from './stops/stop-service';
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
  /** Each hub's re-attempt policy applied to failed attempts. */
  reattempts: ReattemptService;
  /** Customer returns' parcels returned when dropped off at the hub. */
  customerReturns: CustomerReturns;
  /** Shops' orders, tracking links and customers' notifications. */
  customers: CustomerSide;
  /** What happens to durable pings: the live fleet, detection and the learned speeds take them. */
  pingsCommitted(rows: readonly PingRow[]): void;
  /** Listens on the configured ports (0 = any free port) and returns the bound ones. */
  listen(): Promise<{ port: number; osmandPort: number; metricsPort?: number }>;
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

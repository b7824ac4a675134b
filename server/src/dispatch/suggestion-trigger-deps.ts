import type { AlertView } from '@dispatch/shared';
import type { Fence } from '../cluster/fence';
import type { HubOwnership } from '../cluster/hub-ownership';
import type { Database } from '../db/client';
import type { DomainBus } from '../events/bus';
import type { CourierRoster } from '../fleet/courier-roster';
import type { FleetState } from '../fleet/fleet-state';
import type { Metrics } from '../ops/metrics';
import type { DetectionPace } from './proposal-slot';
import type { ProposalEngine } from './proposals';
import type { SuggestionService } from './suggestion-service';
import type { TriggerRequestSources } from './trigger-request';

type Log = { error: (o: object, msg: string) => void; info: (o: object, msg: string) => void };

/** The metrics the triggers report to: drops, proposal times, queue length, busy time. */
export type ProposalMetrics = Pick<Metrics, 'proposalsDropped' | 'proposalSeconds' | 'sources'>;

/** What the suggestion triggers are given: stores, live state, the engine and the cluster. */
export interface SuggestionTriggerDeps extends Pick<
  TriggerRequestSources,
  'storedStop' | 'orderStops'
> {
  db: Pick<Database, 'query'>;
  bus: DomainBus;
  fleet: Pick<FleetState, 'get'>;
  roster: CourierRoster;
  /** Where proposals are computed (a worker thread, or this one). */
  engine: ProposalEngine;
  /**
   * When detection runs, so that proposals never hold a pass up; and the safety margin on window
   * ends its late-risk rule works to, which the proposals weigh moves against.
   */
  detection: DetectionPace & { readonly windowMarginMinutes: number };
  suggestions: Pick<SuggestionService, 'hasOpen' | 'create' | 'accept' | 'expire' | 'agedHubs'>;
  /** Which hubs this node proposes for: only the owner of a situation's hub does. */
  ownership: HubOwnership;
  /** What every write of suggestions checks: that this node still holds the hub's lease. */
  fence: Fence;
  /**
   * Open alerts as stored now, by id (to ask again for those whose fixes a move made impossible,
   * and for those of a hub taken over).
   */
  alerts: (ids: readonly number[]) => Promise<AlertView[]>;
  log: Log;
  /** The detection pass interval (`DETECT_TICK_MS`). */
  detectTickMs: number;
  metrics?: ProposalMetrics;
}

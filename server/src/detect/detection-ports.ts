import type { AlertView } from '@dispatch/shared';
import type { AlertSignal, ArrivalEstimator, MotionFix } from './types';

/** One stored fix, for rebuilding motion after a restart. */
export interface StoredFix extends MotionFix {
  courierId: number;
  receivedAt: number;
}

/** A completed stop, for the hubs' rolling on-time rate. */
export interface Completion {
  hubId: number;
  completedAt: number;
  onTime: boolean;
}

/** The hub id things of no hub count under (`@dispatch/shared`'s, for those importing it here). */
export { NO_HUB } from '@dispatch/shared';

/**
 * Which hubs' couriers this node judges, and when that changes: the cluster's `HubOwnership`,
 * as detection sees it.
 */
export interface OwnedHubs {
  owns(hubId: number): boolean;
  /** Tells `listener` when this node gains or loses a hub; returns the unsubscribe. */
  subscribe(listener: { gained(hubId: number): void; lost(hubId: number): void }): () => void;
}

/** A node alone: it judges every hub's couriers, and that never changes. */
export const EVERY_HUB_OWNED: OwnedHubs = {
  owns: () => true,
  subscribe: () => () => undefined,
};

/** Part of the fleet to read back: some hubs and some couriers (of those or of other hubs). */
export interface HistoryScope {
  hubIds: readonly number[];
  courierIds: readonly number[];
}

/**
 * What detection reads back after a restart, or when it takes over hubs or couriers from
 * another node: everything without a scope, else only the scope's.
 */
export interface DetectionHistory {
  hubTargets(): Promise<{ id: number; target: number }[]>;
  /** Fixes received since (of the scope's couriers), per courier in device-time order. */
  recentFixes(sinceMs: number, scope?: HistoryScope): Promise<StoredFix[]>;
  /** Completions since (of the scope's hubs). */
  completionsSince(sinceMs: number, scope?: HistoryScope): Promise<Completion[]>;
  /** The open alerts (of the scope's hubs or couriers). */
  openAlerts(scope?: HistoryScope): Promise<AlertView[]>;
}

/** Where signals go: stored as alerts, one per kind and subject, in order. */
export interface AlertSink {
  apply(signals: readonly AlertSignal[]): Promise<void>;
  /** Resolves when everything applied so far is written. */
  settled(): Promise<void>;
}

/** The ETA model as detection uses it: arrivals for late risk, stored after each pass. */
export interface ArrivalSource {
  estimateArrivals: ArrivalEstimator;
  flush(): Promise<void>;
}

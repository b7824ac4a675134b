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

/** What detection reads back after a restart. */
export interface DetectionHistory {
  hubTargets(): Promise<{ id: number; target: number }[]>;
  /** Fixes received since, per courier in device-time order. */
  recentFixes(sinceMs: number): Promise<StoredFix[]>;
  completionsSince(sinceMs: number): Promise<Completion[]>;
  openAlerts(): Promise<AlertView[]>;
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

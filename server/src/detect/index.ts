/** Detection: motion classification, the alert rules, and the engine that runs them incrementally. */
export {
  DEFAULT_DETECTION_CONFIG,
  courierRulesFor,
  detectionConfig,
  type CourierRules,
  type DetectionConfig,
  type DetectionConfigOverrides,
  type HubSlaRules,
  type LateRiskRules,
  type MotionRules,
  type SeverityBands,
} from './config';
export { DetectionEngine, type DetectionEngineOptions, type TickStats } from './engine';
export {
  classifyMotion,
  dwellRadiusMeters,
  isImplausibleJump,
  isUsableFix,
  type DwellSpan,
  type MotionState,
} from './motion';
export { MotionTracker, type MotionFixOutcome } from './motion-tracker';
export {
  finalStallDetails,
  offlineDetector,
  offlineWakeAt,
  onShift,
  stallDetector,
  type PresenceView,
  type RouteView,
} from './courier-rules';
export {
  bandSeverity,
  lateDetector,
  lateRiskDetector,
  slaBreachDetector,
  stuckAtStopDetector,
} from './stop-rules';
export { CompletionWindow, hubSlaDetector, type CompletionCounts } from './hub-sla';
export { conditionKey } from './conditions';
export { fixFromPing } from './fix-from-ping';
export type * from './types';

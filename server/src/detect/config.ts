import type { SlaTier, Vehicle } from '@dispatch/shared';

/** How fixes are read into moving or dwelling. */
export interface MotionRules {
  /** The dwell radius is max(this, accuracy factor × the fix's reported accuracy). */
  minDwellRadiusMeters: number;
  dwellRadiusAccuracyFactor: number;
  /**
   * ...and never more than this, whatever accuracy the phone claims: some phones report two or
   * three times their error, and a radius that wide holds a slow walk for minutes. 50 m is about
   * what an honest phone standing between high blocks claims (2 × 1.5 × a 17 m error).
   */
  maxDwellRadiusMeters: number;
  /** Fixes reporting a worse accuracy are ignored. */
  maxAccuracyMeters: number;
  /** A fix implying a faster move from the previous accepted fix is a jump and is ignored. */
  maxSpeedKmh: number;
  /** Consecutive fixes beyond the radius needed to leave a dwell (one stray fix is not movement). */
  exitFixes: number;
  /** A cluster of fixes becomes a dwell once it spans this long (a red light is not a dwell). */
  dwellMinSeconds: number;
  /**
   * The anchor is the accuracy-weighted mean of the dwell's first this-many fixes, then stays
   * put: a long mean pins a standing courier down, while a slow creep still leaves the radius.
   */
  anchorFixes: number;
  /**
   * Fixes just before a cluster began, kept to date a new dwell back to the first of them inside
   * its radius (a badly placed first anchor must not make a dwell look shorter than it is).
   */
  lookbackFixes: number;
  /**
   * Where the courier is now, for the stall hold, is the median of this many latest accepted
   * fixes (at most `lookbackFixes` count): a fix in the tail of the phone's error, or a short
   * multipath jump, does not move it.
   */
  positionFixes: number;
  /** Recent fixes kept per courier to place late fixes in time order. */
  windowFixes: number;
}

/** Rules for one courier; may differ per vehicle. */
export interface CourierRules extends MotionRules {
  stallMinutes: number;
  stallCriticalMinutes: number;
  /** Dwelling this close to the next stop is waiting to serve it, not a stall. */
  nearStopMeters: number;
  /**
   * An alerted stall goes on while the courier's position (`positionFixes`) is within this
   * distance of its anchor, even outside the dwell radius (a standing phone drifts); it ends once
   * that position is farther.
   */
  stallHoldMeters: number;
  offlineSeconds: number;
  offlineCriticalSeconds: number;
}

/** Minutes of predicted lateness from which each severity applies. */
export interface SeverityBands {
  warningAboveMinutes: number;
  criticalAboveMinutes: number;
  /** A severity drops only once the value is this far below its band. */
  hysteresisMinutes: number;
}

export interface LateRiskRules {
  /**
   * The hub's safety margin on every window end: late risk is judged against the promised end
   * less this (never before the window opens), so it opens while a move can still save the stop;
   * suggestions weigh moves against the same end. 0 judges against the promised end. The
   * default, 5, is about the learned ETAs' p90 error 15 minutes ahead: an arrival predicted
   * within it of the end is at real risk (`pnpm bench:day` weighs margins against alerts).
   */
  windowMarginMinutes: number;
  /** Opens when predicted later than the working window end by more than this. */
  openAboveMinutes: number;
  /** Clears only when predicted this late or less against the working window end. */
  clearAtOrBelowMinutes: number;
  /** Severity by minutes late against the promised window end (the margin never raises it). */
  bands: SeverityBands;
  /** Predicted arrivals are reused this long while only fixes arrive; route changes refresh them. */
  etaRefreshSeconds: number;
}

export interface HubSlaRules {
  windowMinutes: number;
  defaultTarget: number;
  /** No verdict on fewer completions than this in the window. */
  minCompletions: number;
  /** Clears only above target + this (0.02 = two points). */
  clearMargin: number;
  /** Critical when the rate is below target − this. */
  criticalMargin: number;
}

/** Every threshold the detectors use, in one place. */
export interface DetectionConfig {
  courier: CourierRules;
  byVehicle: Partial<Record<Vehicle, Partial<CourierRules>>>;
  stuckAtStop: { serviceMultiplier: number; extraMinutes: number };
  lateRisk: LateRiskRules;
  /** Minutes past the window end before a breach, per tier: express breaches when late at all. */
  slaGraceMinutes: Record<SlaTier, number>;
  hubSla: HubSlaRules;
}

/** Defaults from the product design (DESIGN section 8). */
export const DEFAULT_DETECTION_CONFIG: DetectionConfig = {
  courier: {
    minDwellRadiusMeters: 30,
    dwellRadiusAccuracyFactor: 2,
    maxDwellRadiusMeters: 50,
    maxAccuracyMeters: 100,
    maxSpeedKmh: 200,
    exitFixes: 2,
    dwellMinSeconds: 60,
    anchorFixes: 120,
    lookbackFixes: 16,
    positionFixes: 7,
    windowFixes: 32,
    stallMinutes: 5,
    stallCriticalMinutes: 15,
    nearStopMeters: 100,
    stallHoldMeters: 60,
    offlineSeconds: 120,
    offlineCriticalSeconds: 600,
  },
  byVehicle: {},
  stuckAtStop: { serviceMultiplier: 3, extraMinutes: 5 },
  lateRisk: {
    windowMarginMinutes: 5,
    openAboveMinutes: 2,
    clearAtOrBelowMinutes: 0,
    bands: { warningAboveMinutes: 5, criticalAboveMinutes: 15, hysteresisMinutes: 1 },
    etaRefreshSeconds: 30,
  },
  slaGraceMinutes: { express: 0, same_day: 30, next_day: 120 },
  hubSla: {
    windowMinutes: 60,
    defaultTarget: 0.95,
    minCompletions: 10,
    clearMargin: 0.02,
    criticalMargin: 0.1,
  },
};

/** Overrides for some of the defaults, one level deep. */
export interface DetectionConfigOverrides {
  courier?: Partial<CourierRules>;
  byVehicle?: Partial<Record<Vehicle, Partial<CourierRules>>>;
  stuckAtStop?: Partial<DetectionConfig['stuckAtStop']>;
  lateRisk?: Partial<Omit<LateRiskRules, 'bands'>> & { bands?: Partial<SeverityBands> };
  slaGraceMinutes?: Partial<Record<SlaTier, number>>;
  hubSla?: Partial<HubSlaRules>;
}

/** The defaults with the given overrides applied. */
export function detectionConfig(overrides: DetectionConfigOverrides = {}): DetectionConfig {
  const d = DEFAULT_DETECTION_CONFIG;
  return {
    courier: { ...d.courier, ...overrides.courier },
    byVehicle: { ...d.byVehicle, ...overrides.byVehicle },
    stuckAtStop: { ...d.stuckAtStop, ...overrides.stuckAtStop },
    lateRisk: {
      ...d.lateRisk,
      ...overrides.lateRisk,
      bands: { ...d.lateRisk.bands, ...overrides.lateRisk?.bands },
    },
    slaGraceMinutes: { ...d.slaGraceMinutes, ...overrides.slaGraceMinutes },
    hubSla: { ...d.hubSla, ...overrides.hubSla },
  };
}

/** The courier rules for a vehicle: the common rules with that vehicle's overrides. */
export function courierRulesFor(config: DetectionConfig, vehicle: Vehicle): CourierRules {
  const own = config.byVehicle[vehicle];
  return own ? { ...config.courier, ...own } : config.courier;
}

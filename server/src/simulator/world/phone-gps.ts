import type { Rng } from '../../lib/rng';

/**
 * A phone's GPS as the world's couriers carry it: one stateful model per device, so consecutive
 * fixes share their error, a parked phone wanders, a dense block throws fixes across the street,
 * a tunnel leaves a gap followed by the OS's cached position. Pure and seeded: the same truth
 * sequence and seed give the same fixes. Parameters and their reasons: README.md, "GPS".
 */

const METERS_PER_DEG_LAT = 111_320;
/** Radius holding about 68 % of a 2-D gaussian error with this per-axis sigma. */
const RADIUS68_PER_SIGMA = 1.51;

/** Where the device truly is at one instant, and what it is under. */
export interface PhoneTruth {
  lat: number;
  lng: number;
  speedMps: number;
  /** Direction of travel, degrees clockwise from north. */
  headingDeg: number;
  /** Epoch ms; calls come in time order. */
  atMs: number;
  /** Urban-canyon density around the device, 0 (open sky) to 1 (dense high blocks). */
  density: number;
  /** Underground, in a tunnel or indoors: no satellite in view, so no fix at all. */
  covered: boolean;
}

/** What the phone reports. */
export interface PhoneFix {
  lat: number;
  lng: number;
  /** What the device claims: its own error estimate, scaled by how it misreports. */
  accuracyMeters: number;
  speedMps: number;
  /** Null when the device reports none (standing: a heading means nothing then). */
  headingDeg: number | null;
  /** Device time of the fix, epoch ms: the instant asked for, even when the position is stale. */
  atMs: number;
  /** Ground truth for scoring, never sent: a cached position repeated with a new timestamp. */
  stale: boolean;
  /** Ground truth, never sent: metres between the fix and the true position. */
  errorMeters: number;
  /** Ground truth, never sent: size of the multipath jump in this fix, 0 when none. */
  jumpMeters: number;
}

export interface PhoneGpsOptions {
  /** Per-axis sigma of the correlated error under open sky. */
  openSigmaMeters: number;
  /** Sigma added at density 1 (reflections off facades; fewer satellites in view). */
  canyonSigmaMeters: number;
  /** Time constant of the correlated error (first-order Gauss–Markov). */
  correlationSeconds: number;
  /** Multipath jumps per hour of fixes under open sky, and added at density 1. */
  openJumpsPerHour: number;
  canyonJumpsPerHour: number;
  jumpMinMeters: number;
  jumpMaxMeters: number;
  /** A jump lasts 1 to this many fixes. */
  jumpMaxFixes: number;
  /** Below this true speed the device stands, and its error drifts. */
  standingBelowMps: number;
  /** Per-axis sigma the standing drift settles to, and how slowly it gets there. */
  driftSigmaMeters: number;
  driftCorrelationSeconds: number;
  /** Once moving again, the drift fades with this time constant (doppler re-anchors the fix). */
  driftRecoverySeconds: number;
  /** Random outages per hour, and their mean length. */
  outagesPerHour: number;
  outageMeanSeconds: number;
  /** Chance that a reconnect starts with a burst of the cached position, and its length. */
  staleBurstChance: number;
  staleMaxFixes: number;
  /** Doppler speed noise (per-axis sigma at speed) and its growth at density 1. */
  speedSigmaMps: number;
  canyonSpeedSigmaMps: number;
  /**
   * Reported accuracy ÷ the device's honest estimate. Drawn per device (log-uniform in
   * `accuracyFactorRange`) unless given.
   */
  accuracyFactor?: number;
  accuracyFactorRange: [number, number];
  /**
   * A device that reports the same accuracy whatever happens (some chipsets and OS versions).
   * Drawn per device (`fixedAccuracyShare` of devices, one of `fixedAccuracyChoices`) unless
   * given; null forces an honest-shaped device.
   */
  fixedAccuracyMeters?: number | null;
  fixedAccuracyShare: number;
  fixedAccuracyChoices: readonly number[];
}

export const DEFAULT_PHONE_GPS: PhoneGpsOptions = {
  openSigmaMeters: 3,
  canyonSigmaMeters: 12,
  correlationSeconds: 40,
  openJumpsPerHour: 1,
  canyonJumpsPerHour: 20,
  jumpMinMeters: 50,
  jumpMaxMeters: 300,
  jumpMaxFixes: 3,
  standingBelowMps: 0.5,
  driftSigmaMeters: 12,
  driftCorrelationSeconds: 300,
  driftRecoverySeconds: 20,
  outagesPerHour: 2,
  outageMeanSeconds: 20,
  staleBurstChance: 0.7,
  staleMaxFixes: 4,
  speedSigmaMps: 0.3,
  canyonSpeedSigmaMps: 1,
  accuracyFactorRange: [0.4, 2.5],
  fixedAccuracyShare: 0.15,
  fixedAccuracyChoices: [5, 10, 20],
};

/** A device's traits, drawn once: how it misreports its accuracy. */
export interface PhoneTraits {
  accuracyFactor: number;
  fixedAccuracyMeters: number | null;
}

export interface PhoneGps {
  readonly traits: PhoneTraits;
  /** The fix for this instant, or null when the device has none (covered or an outage). */
  fix(truth: PhoneTruth): PhoneFix | null;
}

interface Offset {
  east: number;
  north: number;
}

/** Creates one device. Each random process draws from its own fork, so traits given as options
 * leave the error sequence unchanged. */
export function createPhoneGps(rng: Rng, overrides: Partial<PhoneGpsOptions> = {}): PhoneGps {
  const o: PhoneGpsOptions = { ...DEFAULT_PHONE_GPS, ...overrides };
  const traits = drawTraits(rng.fork('traits'), o);
  const errorRng = rng.fork('error');
  const jumpRng = rng.fork('jumps');
  const outageRng = rng.fork('outages');
  const dopplerRng = rng.fork('doppler');

  const error: Offset = {
    east: errorRng.normal(0, o.openSigmaMeters),
    north: errorRng.normal(0, o.openSigmaMeters),
  };
  const drift: Offset = { east: 0, north: 0 };
  let jump: (Offset & { fixesLeft: number }) | null = null;
  let lastAtMs: number | null = null;
  let outageUntilMs = -Infinity;
  let inGap = false;
  let staleLeft = 0;
  let lastFix: PhoneFix | null = null;

  const stepError = (dtS: number, sigma: number, standing: boolean): void => {
    gaussMarkov(error, dtS, o.correlationSeconds, sigma, errorRng);
    if (standing) gaussMarkov(drift, dtS, o.driftCorrelationSeconds, o.driftSigmaMeters, errorRng);
    else decay(drift, dtS, o.driftRecoverySeconds);
  };

  const stepJump = (dtS: number, density: number): void => {
    if (jump) {
      jump.fixesLeft -= 1;
      if (jump.fixesLeft <= 0) jump = null;
      return;
    }
    const perHour = o.openJumpsPerHour + o.canyonJumpsPerHour * density;
    if (!jumpRng.chance(1 - Math.exp((-perHour * dtS) / 3600))) return;
    const meters = jumpRng.range(o.jumpMinMeters, o.jumpMaxMeters);
    const angle = jumpRng.range(0, 2 * Math.PI);
    jump = {
      east: meters * Math.sin(angle),
      north: meters * Math.cos(angle),
      fixesLeft: jumpRng.int(1, o.jumpMaxFixes),
    };
  };

  const noFix = (): null => {
    inGap = true;
    jump = null;
    return null;
  };

  return {
    traits,
    fix(truth) {
      const dtS = lastAtMs === null ? 1 : Math.max(0, (truth.atMs - lastAtMs) / 1000);
      lastAtMs = truth.atMs;
      const density = Math.min(1, Math.max(0, truth.density));
      const standing = truth.speedMps < o.standingBelowMps;
      const sigma = o.openSigmaMeters + o.canyonSigmaMeters * density;
      stepError(dtS, sigma, standing);

      if (truth.covered) return noFix();
      if (truth.atMs < outageUntilMs) return noFix();
      if (outageRng.chance(1 - Math.exp((-o.outagesPerHour * dtS) / 3600))) {
        outageUntilMs = truth.atMs + outageRng.exponential(o.outageMeanSeconds) * 1000;
        return noFix();
      }
      if (inGap) {
        inGap = false;
        staleLeft = outageRng.chance(o.staleBurstChance) ? outageRng.int(1, o.staleMaxFixes) : 0;
      }
      if (staleLeft > 0 && lastFix) {
        staleLeft -= 1;
        const errorMeters = metersBetween(lastFix, truth);
        return { ...lastFix, atMs: truth.atMs, stale: true, errorMeters, jumpMeters: 0 };
      }
      staleLeft = 0;

      stepJump(dtS, density);
      const east = error.east + drift.east + (jump?.east ?? 0);
      const north = error.north + drift.north + (jump?.north ?? 0);
      const position = offsetPosition(truth, east, north);
      const honestMeters = RADIUS68_PER_SIGMA * Math.hypot(sigma, driftSigmaNow(drift));
      const speedSigma = o.speedSigmaMps + o.canyonSpeedSigmaMps * density;
      const reported = reportedMotion(truth, standing, speedSigma, dopplerRng);
      lastFix = {
        ...position,
        accuracyMeters: reportedAccuracy(traits, honestMeters),
        ...reported,
        atMs: truth.atMs,
        stale: false,
        errorMeters: Math.hypot(east, north),
        jumpMeters: jump ? Math.hypot(jump.east, jump.north) : 0,
      };
      return lastFix;
    },
  };
}

function drawTraits(rng: Rng, o: PhoneGpsOptions): PhoneTraits {
  const [low, high] = o.accuracyFactorRange;
  const drawnFactor = Math.exp(rng.range(Math.log(low), Math.log(high)));
  const drawnFixed = rng.chance(o.fixedAccuracyShare) ? rng.pick(o.fixedAccuracyChoices) : null;
  return {
    accuracyFactor: o.accuracyFactor ?? drawnFactor,
    fixedAccuracyMeters: o.fixedAccuracyMeters === undefined ? drawnFixed : o.fixedAccuracyMeters,
  };
}

/** One step of a first-order Gauss–Markov process with stationary per-axis sigma. */
function gaussMarkov(state: Offset, dtS: number, tauS: number, sigma: number, rng: Rng): void {
  const keep = Math.exp(-dtS / tauS);
  const fresh = sigma * Math.sqrt(1 - keep * keep);
  state.east = state.east * keep + rng.normal(0, fresh);
  state.north = state.north * keep + rng.normal(0, fresh);
}

function decay(state: Offset, dtS: number, tauS: number): void {
  const keep = Math.exp(-dtS / tauS);
  state.east *= keep;
  state.north *= keep;
}

/** The device sees its drift only as a loss of signal quality, roughly its current size. */
function driftSigmaNow(drift: Offset): number {
  return Math.hypot(drift.east, drift.north) / Math.SQRT2;
}

function reportedAccuracy(traits: PhoneTraits, honestMeters: number): number {
  if (traits.fixedAccuracyMeters !== null) return traits.fixedAccuracyMeters;
  return Math.max(1, Math.round(honestMeters * traits.accuracyFactor * 10) / 10);
}

/** Doppler speed with noise; heading only while moving (standing, a phone reports none). */
function reportedMotion(
  truth: PhoneTruth,
  standing: boolean,
  speedSigma: number,
  rng: Rng,
): { speedMps: number; headingDeg: number | null } {
  const rad = (truth.headingDeg * Math.PI) / 180;
  const vEast = truth.speedMps * Math.sin(rad) + rng.normal(0, speedSigma);
  const vNorth = truth.speedMps * Math.cos(rad) + rng.normal(0, speedSigma);
  const speedMps = Math.hypot(vEast, vNorth);
  if (standing) return { speedMps, headingDeg: null };
  const headingDeg = ((Math.atan2(vEast, vNorth) * 180) / Math.PI + 360) % 360;
  return { speedMps, headingDeg };
}

function offsetPosition(
  at: { lat: number; lng: number },
  eastMeters: number,
  northMeters: number,
): { lat: number; lng: number } {
  const lat = Math.min(90, Math.max(-90, at.lat + northMeters / METERS_PER_DEG_LAT));
  const lng = at.lng + eastMeters / (METERS_PER_DEG_LAT * Math.cos((at.lat * Math.PI) / 180));
  return { lat, lng };
}

/** Equirectangular distance: exact enough over the few hundred metres an error spans. */
export function metersBetween(
  a: { lat: number; lng: number },
  b: { lat: number; lng: number },
): number {
  const north = (a.lat - b.lat) * METERS_PER_DEG_LAT;
  const cos = Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  const east = (a.lng - b.lng) * METERS_PER_DEG_LAT * cos;
  return Math.hypot(east, north);
}

import type { Vehicle } from '@dispatch/shared';
import { ConstantSpeedProvider } from '../../eta/constant-speed-provider';
import type { TravelTimeProvider } from '../../eta/travel-time';

/** How candidates are searched, moves scored and explained. */
export interface SuggestOptions {
  /** Travel times in seconds between any two places. */
  provider: TravelTimeProvider;
  /** The ring search stops once this many eligible couriers are found (default 8). */
  minCandidates: number;
  /**
   * Cheap travel times that rank the ring search's couriers before `provider` is asked
   * (default: straight line × 1.35 at the vehicle's typical speed).
   */
  screenProvider: TravelTimeProvider;
  /** Couriers scored with `provider` per round, the best by the screen (default 16). */
  screenKeep: number;
  /** When none of those can take the stop, more are scored, up to this many (default 64). */
  maxCandidates: number;
  /** Rings scored beyond the one that satisfied the search (default 1). */
  marginRings: number;
  /** No courier farther than this from a stop is considered (default 8 km). */
  maxDistanceMeters: number;
  /** Tighter limits per vehicle (default: foot within 2 km). */
  maxDistanceMetersByVehicle: Partial<Record<Vehicle, number>>;
  /** `h3` expands rings from the stop's cell; `all` evaluates every courier (the reference). */
  candidateSearch: 'h3' | 'all';
  /** Score lost per minute added to the receiving route (default 0.3). */
  addedMinuteWeight: number;
  /** Score lost per other stop made late, in minutes of lateness (default 60). */
  madeLatePenalty: number;
  /** Allow moves that make other stops late (each named in the explanation); default false. */
  allowCollateral: boolean;
  /** A stalled or offline courier is assumed to stay put this long (default 15). */
  stallAssumptionMinutes: number;
  /**
   * The hub's safety margin on window ends, minutes (default 0): lateness is weighed against
   * the promised end less this, never before the window opens, so a move that keeps a stop in
   * its promised window but inside the margin still counts as removing lateness. The same
   * setting as detection's `lateRisk.windowMarginMinutes`.
   */
  windowMarginMinutes: number;
  /** A failed stop is re-attempted only while it has had fewer attempts than this (default 2). */
  maxAttempts: number;
  /** A failed stop is not re-attempted sooner than this from now (default 30). */
  reattemptDelayMinutes: number;
  /** Proposals returned per trigger (default 3). */
  topK: number;
  /** Display name of a courier for explanations. */
  nameOf: (courierId: number) => string;
  /** Wall-clock time of an instant (epoch ms) for explanations, e.g. `clockFormatter(tz)`. */
  formatClock: (epochMs: number) => string;
}

/** What a caller passes: the provider, and any defaults to override. */
export type SuggestOptionsInput = Pick<SuggestOptions, 'provider'> & Partial<SuggestOptions>;

/** The defaults of everything but the providers and the wording. */
export const DEFAULT_SUGGEST_OPTIONS: Omit<
  SuggestOptions,
  'provider' | 'screenProvider' | 'nameOf' | 'formatClock'
> = {
  minCandidates: 8,
  screenKeep: 16,
  maxCandidates: 64,
  marginRings: 1,
  maxDistanceMeters: 8_000,
  maxDistanceMetersByVehicle: { foot: 2_000 },
  candidateSearch: 'h3',
  addedMinuteWeight: 0.3,
  madeLatePenalty: 60,
  allowCollateral: false,
  stallAssumptionMinutes: 15,
  windowMarginMinutes: 0,
  maxAttempts: 2,
  reattemptDelayMinutes: 30,
  topK: 3,
};

/** Building a date formatter is slow: the default one is built once. */
const utcClock = clockFormatter('UTC');
const straightLine = new ConstantSpeedProvider();

/** Fills defaults and checks the numbers. */
export function resolveOptions(input: SuggestOptionsInput): SuggestOptions {
  const options: SuggestOptions = {
    ...DEFAULT_SUGGEST_OPTIONS,
    screenProvider: straightLine,
    nameOf: (courierId) => `courier ${courierId}`,
    formatClock: utcClock,
    ...definedOnly(input),
    provider: input.provider,
  };
  const positive = [
    'minCandidates',
    'maxCandidates',
    'maxDistanceMeters',
    'topK',
    'maxAttempts',
  ] as const;
  for (const key of positive) {
    if (!(options[key] > 0)) throw new RangeError(`${key} must be a positive number`);
  }
  const nonNegative = [
    'addedMinuteWeight',
    'madeLatePenalty',
    'stallAssumptionMinutes',
    'windowMarginMinutes',
    'reattemptDelayMinutes',
    'marginRings',
  ] as const;
  for (const key of nonNegative) {
    if (!(options[key] >= 0)) throw new RangeError(`${key} must be zero or more`);
  }
  return options;
}

/** `HH:MM` (24 h) in an IANA time zone. */
export function clockFormatter(timeZone: string): (epochMs: number) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (epochMs) => format.format(epochMs);
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
